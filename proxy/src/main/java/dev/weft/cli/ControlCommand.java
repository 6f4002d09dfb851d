package dev.weft.cli;

import java.util.List;
import java.util.function.Predicate;

/**
 * A command that a running Weft carries out, sent over its control socket: {@code reload}, {@code show},
 * {@code set} and {@code shutdown}. The words after the options are the runtime command itself; the server checks
 * them and answers, and this checks only their shape, so that a typo gets this command's usage at once.
 */
final class ControlCommand implements Command {
    private final String name;
    private final String summary;
    private final String usage;
    private final Predicate<List<String>> wellFormed;

    private ControlCommand(String name, String summary, String usage, Predicate<List<String>> wellFormed) {
        this.name = name;
        this.summary = summary;
        this.usage = usage;
        this.wellFormed = wellFormed;
    }

    static List<Command> all() {
        return List.of(
                new ControlCommand("reload", "make a running Weft read its configuration again (as SIGHUP does)", """
                        reload (--pid P | --socket FILE)
                          Reads the configuration file again and applies it without dropping a connection. Prints
                          what changed, or every problem of the file and that nothing changed (exit status 1).
                        """, List::isEmpty),
                new ControlCommand("show", "list endpoints or sessions of a running Weft", """
                        show endpoints|sessions (--pid P | --socket FILE) [--json]
                          endpoints  per backend, group and endpoint: runtime state (ready, drain, maint), health
                                     (up, down, ejected), weight in use and configured, active and total
                                     connections, failed connects, and the limits
                          sessions   one line per open session: id, listener, client, phase, backend, endpoint,
                                     age, idle time, and bytes each way
                        """, words -> words.size() == 1 && List.of("endpoints", "sessions").contains(words.get(0))),
                new ControlCommand("set", "change an endpoint's state or weight in a running Weft", """
                        set endpoint BACKEND/HOST:PORT state ready|drain|maint (--pid P | --socket FILE)
                        set endpoint BACKEND/HOST:PORT weight N (--pid P | --socket FILE)
                          state ready   takes new connections again (with the backend's slow-start)
                          state drain   takes no new connections; open ones go on
                          state maint   as drain, and its health checks stop until it is ready again
                          weight N      0 to 1000, in place of the configured weight; 0 takes no new connections
                          Changes hold across reloads, and across restarts with control.state-file.
                        """, words -> words.size() == 4 && words.get(0).equals("endpoint")),
                new ControlCommand("shutdown", "end one session, or every session of an endpoint", """
                        shutdown session ID (--pid P | --socket FILE)
                        shutdown sessions BACKEND/HOST:PORT (--pid P | --socket FILE)
                          Closes the session (show sessions gives ids), or every session of that endpoint, at
                          once; the access log says "shut down by operator".
                        """, words -> words.size() == 2 && List.of("session", "sessions").contains(words.get(0))),
                new ControlCommand("upgrade", "replace a running Weft by a new process, dropping no connection", """
                        upgrade (--pid P | --socket FILE)
                          Starts a new process with the same command (through bin/weft at the same path, so a new
                          version behind the same directory link is what starts), hands it every listening socket
                          (no client is refused or reset), then the control socket, admin port and files. Plain TCP
                          and TLS-passthrough sessions move to it too as soon as no byte of theirs is in flight, and
                          their connections stay open; TLS-terminated sessions finish in the old process, which
                          exits once they have (or at shutdown.drain-timeout). Prints the new process id, or why
                          nothing changed. Needs io.transport = native.
                        """, List::isEmpty));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String summary() {
        return summary;
    }

    @Override
    public String help() {
        return "Usage: weft " + usage + "\nOptions:\n" + ControlClient.OPTIONS_HELP;
    }

    @Override
    public int run(List<String> args, Console console) {
        CliOptions options = CliOptions.parse(args, ControlClient.OPTIONS, ControlClient.FLAGS);
        if (!wellFormed.test(options.words())) {
            throw new UsageException(options.words().isEmpty() ? "what to " + name + "?"
                    : "unexpected arguments '" + String.join(" ", options.words()) + "'");
        }
        String command = (name + " " + String.join(" ", options.words())).strip();
        return ControlClient.send(ControlClient.socket(options), command, options.flag("--json"), console);
    }
}
