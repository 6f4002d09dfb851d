package dev.weft.control;

import dev.weft.config.ConfigProblem;
import dev.weft.config.InvalidConfigException;
import dev.weft.config.WeftConfig;
import dev.weft.server.StartupException;
import dev.weft.server.WeftServer;
import java.util.function.Consumer;

/**
 * Reads the config again and applies it to the running server, for SIGHUP and the control socket alike. A file
 * with any problem changes nothing: the problems are logged and answered, one per line.
 */
public final class Reloader {
    private static final System.Logger LOG = System.getLogger("weft.server");

    /** Where the config comes from: the file given to {@code run}, or the demo's built-in one. */
    @FunctionalInterface
    public interface Source {
        WeftConfig load() throws InvalidConfigException;
    }

    private final WeftServer server;
    private final Source source;
    /** Told before each reload starts; the service manager hears RELOADING. */
    private volatile Runnable before = () -> { };
    /** Told the answer after each reload: the runtime API drops state of endpoints that left; systemd hears READY. */
    private volatile Consumer<String> after = answer -> { };

    public Reloader(WeftServer server, Source source) {
        this.server = server;
        this.source = source;
    }

    public void observe(Runnable before, Consumer<String> after) {
        this.before = before;
        this.after = after;
    }

    /** @return "OK " and what changed, or "ERROR " and why nothing did (one problem per line) */
    public synchronized String reload() {
        before.run();
        String answer = reloadOnce();
        after.accept(answer);
        return answer;
    }

    private String reloadOnce() {
        try {
            return tryReload();
        } catch (RuntimeException | StackOverflowError e) {
            // A defect, not the file: whoever asked still gets an answer, and the log a line, not a trace.
            String answer = "ERROR reload failed: " + e + " (please report it); the configuration in use stays";
            LOG.log(System.Logger.Level.ERROR, "reload refused: " + answer);
            return answer;
        }
    }

    private String tryReload() {
        WeftConfig next;
        try {
            next = source.load();
        } catch (InvalidConfigException e) {
            StringBuilder answer = new StringBuilder("ERROR the new configuration has " + e.problems().size()
                    + " problem(s); nothing changed");
            for (ConfigProblem problem : e.problems()) {
                answer.append('\n').append(problem);
            }
            LOG.log(System.Logger.Level.ERROR, "reload refused: " + answer);
            return answer.toString();
        }
        try {
            return "OK reloaded: " + server.reload(next);
        } catch (StartupException e) {
            LOG.log(System.Logger.Level.ERROR, "reload refused, nothing changed: " + e.getMessage());
            return "ERROR " + e.getMessage() + "; nothing changed";
        }
    }
}
