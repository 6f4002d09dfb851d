package dev.weft.control;

import dev.weft.balance.Endpoint;
import dev.weft.balance.EndpointState;
import dev.weft.balance.RuntimeOverrides;
import dev.weft.config.HostPort;
import dev.weft.log.LogText;
import dev.weft.proxy.ProxySession;
import dev.weft.proxy.TerminationCause;
import dev.weft.server.WeftServer;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The runtime API: one command a line, the same on the control socket ({@link Reply#text}) and the admin port
 * ({@link Reply#json}). Endpoint changes are recorded in the server's {@link RuntimeOverrides}, so that a reload
 * keeps them, and saved to the state file when there is one, so that a restart does too.
 */
public final class RuntimeApi {
    static final String COMMANDS = """
            reload
            show endpoints
            show sessions
            set endpoint BACKEND/HOST:PORT state ready|drain|maint
            set endpoint BACKEND/HOST:PORT weight 0-1000
            shutdown session ID
            shutdown sessions BACKEND/HOST:PORT
            upgrade""";
    private static final System.Logger LOG = System.getLogger("weft.control");
    private static final int MAX_WEIGHT = 1000;

    private final WeftServer server;
    private final Reloader reloader;
    /** Null without {@code control.state-file}. */
    private final StateFile stateFile;
    /** Starts the next process and hands over to it; null where the process cannot be upgraded (the demo). */
    private volatile Supplier<String> upgrade;

    public RuntimeApi(WeftServer server, Reloader reloader, StateFile stateFile) {
        this.server = server;
        this.reloader = reloader;
        this.stateFile = stateFile;
    }

    /** Makes {@code upgrade} work: {@code handover} answers "OK ..." or "ERROR ...". */
    public void upgrades(Supplier<String> handover) {
        this.upgrade = handover;
    }

    /** Runs one command; never throws for anything the command says. */
    public Reply execute(String line) {
        List<String> words = List.of(line.strip().split("\\s+"));
        try {
            return switch (String.join(" ", words.subList(0, Math.min(2, words.size())))) {
                case "reload" -> Reply.of(reloader.reload());
                case "upgrade" -> Reply.of(upgrade == null ? "ERROR upgrade needs weft run (the demo cannot move)"
                        : upgrade.get());
                case "show endpoints" -> only(words, 2, RuntimeTables.endpoints(server.backends()));
                case "show sessions" -> only(words, 2, RuntimeTables.sessions(server.sessions()));
                case "set endpoint" -> setEndpoint(words);
                case "shutdown session" -> shutdownSession(words);
                case "shutdown sessions" -> shutdownSessions(words);
                default -> Reply.error("unknown command " + quoted(line.strip()) + "; the commands are:\n"
                        + COMMANDS);
            };
        } catch (IllegalArgumentException e) {
            return Reply.error(e.getMessage());
        } catch (RuntimeException e) {
            // A defect, not the command: an answer and a line, never a stack trace.
            LOG.log(System.Logger.Level.ERROR, "runtime API: " + LogText.quoted(line.strip()) + " failed: " + e);
            return Reply.error("internal error: " + e + " (please report it)");
        }
    }

    private static Reply only(List<String> words, int count, Reply reply) {
        if (words.size() != count) {
            throw new IllegalArgumentException("'" + String.join(" ", words.subList(0, count)) + "' takes no "
                    + "arguments");
        }
        return reply;
    }

    private Reply setEndpoint(List<String> words) {
        if (words.size() != 5) {
            throw new IllegalArgumentException("usage: set endpoint BACKEND/HOST:PORT state ready|drain|maint, or "
                    + "set endpoint BACKEND/HOST:PORT weight N");
        }
        EndpointRef ref = EndpointRef.find(server, words.get(2));
        Endpoint endpoint = ref.endpoint();
        String value = words.get(4);
        String change;
        synchronized (this) {
            switch (words.get(3)) {
                case "state" -> {
                    EndpointState state = EndpointState.of(value);
                    if (state == null) {
                        throw new IllegalArgumentException("state is ready, drain or maint, not " + quoted(value));
                    }
                    endpoint.setState(state);
                    change = "state " + state.keyword();
                }
                case "weight" -> {
                    int weight = weight(value);
                    endpoint.setRuntimeWeight(weight);
                    change = "weight " + weight;
                }
                default -> throw new IllegalArgumentException("set endpoint changes 'state' or 'weight', not "
                        + quoted(words.get(3)));
            }
            record(ref.backend().name(), endpoint);
        }
        String message = ref.backend().name() + "/" + words.get(2).substring(words.get(2).indexOf('/') + 1) + " "
                + change;
        LOG.log(System.Logger.Level.INFO, "runtime API: " + message + " (" + endpoint.active()
                + " open connection(s))");
        return Reply.ok(message);
    }

    private static int weight(String value) {
        try {
            int weight = Integer.parseInt(value);
            if (weight >= 0 && weight <= MAX_WEIGHT) {
                return weight;
            }
        } catch (NumberFormatException e) {
            // Said below.
        }
        throw new IllegalArgumentException("weight is a whole number from 0 to " + MAX_WEIGHT + ", not "
                + quoted(value));
    }

    private void record(String backend, Endpoint endpoint) {
        server.overrides().put(backend, endpoint.address(),
                new RuntimeOverrides.Override(endpoint.state(), endpoint.runtimeWeight()));
        if (stateFile != null) {
            stateFile.save(server.overrides());
        }
    }

    private Reply shutdownSession(List<String> words) {
        if (words.size() != 3) {
            throw new IllegalArgumentException("usage: shutdown session ID (bin/weft show sessions lists them)");
        }
        long id;
        try {
            id = Long.parseLong(words.get(2));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a session id is a number, not " + quoted(words.get(2)));
        }
        for (ProxySession session : server.sessions()) {
            if (session.id() == id) {
                session.terminate(false, TerminationCause.KILLED);
                LOG.log(System.Logger.Level.INFO, "runtime API: shut down session " + id);
                return Reply.ok("shut down session " + id);
            }
        }
        return Reply.error("no session " + id + " is open");
    }

    private Reply shutdownSessions(List<String> words) {
        if (words.size() != 3) {
            throw new IllegalArgumentException("usage: shutdown sessions BACKEND/HOST:PORT");
        }
        EndpointRef ref = EndpointRef.find(server, words.get(2));
        InetSocketAddress address = ref.endpoint().address();
        int ended = 0;
        for (ProxySession session : server.sessions()) {
            Endpoint endpoint = session.endpoint();
            if (endpoint != null && endpoint.address().equals(address) && ref.backend().endpoints().contains(endpoint)) {
                session.terminate(false, TerminationCause.KILLED);
                ended++;
            }
        }
        LOG.log(System.Logger.Level.INFO, "runtime API: shut down " + ended + " session(s) of " + words.get(2));
        return Reply.ok("shut down " + ended + " session(s) of " + words.get(2));
    }

    /**
     * After a start or reload: forgets entries for endpoints the configuration no longer has, so that a state
     * file does not carry them forever, and saves what is left.
     */
    public synchronized void dropStale() {
        Set<RuntimeOverrides.Key> present = server.backends().stream()
                .flatMap(backend -> backend.endpoints().stream()
                        .map(endpoint -> new RuntimeOverrides.Key(backend.name(), endpoint.address())))
                .collect(Collectors.toSet());
        boolean changed = false;
        for (RuntimeOverrides.Key key : server.overrides().entries().keySet()) {
            if (!present.contains(key)) {
                server.overrides().remove(key);
                LOG.log(System.Logger.Level.INFO, "runtime state: dropping the entry for " + key.backend() + "/"
                        + HostPort.of(key.address()) + ", which the configuration no longer has");
                changed = true;
            }
        }
        if (changed && stateFile != null) {
            stateFile.save(server.overrides());
        }
    }

    private static String quoted(String text) {
        return LogText.quoted(text);
    }
}
