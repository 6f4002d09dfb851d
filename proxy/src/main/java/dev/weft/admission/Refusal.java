package dev.weft.admission;

import dev.weft.log.RateLimitedLog;
import java.util.function.Supplier;

/** Why admission closed a client: a label for the metric, a cause for the access log. */
public enum Refusal {
    DENIED("denied", "denied by access list"),
    CLIENT_CONNECTIONS("client-connections", "client connection limit"),
    CLIENT_RATE("client-rate", "client connection rate"),
    CLIENT_HANDSHAKES("client-handshakes", "client handshake rate"),
    LISTENER_RATE("listener-rate", "listener connection rate"),
    LISTENER_HANDSHAKES("listener-handshakes", "listener handshake rate");

    private final String label;
    private final String cause;

    /** Refusals come in floods: the access log has each, the log one line per interval, wherever refused. */
    private static final RateLimitedLog LOG = new RateLimitedLog(System.getLogger("weft.session"),
            System.Logger.Level.INFO);

    Refusal(String label, String cause) {
        this.label = label;
        this.cause = cause;
    }

    /** The {@code reason} label of {@code weft_listener_connections_limited_total}. */
    public String label() {
        return label;
    }

    /** As the access log writes it. */
    public String cause() {
        return cause;
    }

    /** Logs a refusal, at most one line per interval for all of them, with a count of the others. */
    public static void log(Supplier<String> message) {
        LOG.log(message);
    }
}
