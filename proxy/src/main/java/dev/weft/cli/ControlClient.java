package dev.weft.cli;

import dev.weft.control.ControlSocket;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The client side of the commands that talk to a running Weft through its control socket, found by
 * {@code --pid P} (see {@link ControlSocketLocator}) or given by {@code --socket FILE}.
 */
final class ControlClient {
    static final Set<String> OPTIONS = Set.of("--pid", "--socket");
    static final Set<String> FLAGS = Set.of("--json");
    static final String OPTIONS_HELP = """
              --pid P          the Weft with process id P: its control socket is where its configuration
                               (or its -Dweft.control.socket) puts it
              --socket FILE    the control socket at FILE
              --json           answer in JSON, as the admin port does
            """;

    private ControlClient() {
    }

    /** The socket the options name. */
    static Path socket(CliOptions options) {
        Path socket = options.path("--socket");
        if (options.get("--pid") != null) {
            socket = ControlSocketLocator.socketOf(options.number("--pid", 0));
        }
        if (socket == null) {
            throw new UsageException("which Weft? give --pid P or --socket FILE");
        }
        return socket;
    }

    /** Sends {@code command}, prints the answer (an error to err), and returns the exit status. */
    static int send(Path socket, String command, boolean json, Command.Console console) {
        try {
            String answer = ControlSocket.send(socket, (json ? "json " : "") + command);
            if (answer.isEmpty()) {
                console.err().println("weft: " + socket + " closed the connection without an answer");
                return Command.FAILED;
            }
            boolean ok = json ? answer.startsWith("[") || answer.startsWith("{\"ok\": true") : answer.startsWith("OK");
            (ok ? console.out() : console.err()).println(answer);
            return ok ? Command.OK : Command.FAILED;
        } catch (IOException e) {
            console.err().println("weft: cannot reach " + socket + ": " + e.getMessage() + " (is Weft running?)");
            return Command.FAILED;
        }
    }
}
