package dev.weft.proxy;

import dev.weft.admission.Refusal;

/** Why a connection ended, for the access log: the first thing that ended it. */
public enum TerminationCause {
    CLIENT_FIN("client FIN"),
    BACKEND_FIN("backend FIN"),
    CLIENT_RESET("client reset"),
    BACKEND_RESET("backend reset"),
    IDLE_TIMEOUT("idle timeout"),
    MAX_LIFETIME("max connection lifetime"),
    HALF_CLOSED_TIMEOUT("half-closed timeout"),
    CONNECT_FAILURE("connect failure"),
    HANDSHAKE_FAILURE("handshake failure"),
    NO_CAPACITY("no capacity"),
    DRAIN("drain"),
    MARKED_DOWN("endpoint marked down"),
    KILLED("shut down by operator"),
    SHUTDOWN("shutdown"),
    DENIED(Refusal.DENIED),
    CLIENT_CONNECTION_LIMIT(Refusal.CLIENT_CONNECTIONS),
    CLIENT_RATE_LIMIT(Refusal.CLIENT_RATE),
    CLIENT_HANDSHAKE_RATE(Refusal.CLIENT_HANDSHAKES),
    LISTENER_RATE_LIMIT(Refusal.LISTENER_RATE),
    LISTENER_HANDSHAKE_RATE(Refusal.LISTENER_HANDSHAKES);

    private final String text;

    TerminationCause(String text) {
        this.text = text;
    }

    TerminationCause(Refusal refusal) {
        this(refusal.cause());
    }

    /** The cause of a client that admission refused. */
    public static TerminationCause of(Refusal refusal) {
        return switch (refusal) {
            case DENIED -> DENIED;
            case CLIENT_CONNECTIONS -> CLIENT_CONNECTION_LIMIT;
            case CLIENT_RATE -> CLIENT_RATE_LIMIT;
            case CLIENT_HANDSHAKES -> CLIENT_HANDSHAKE_RATE;
            case LISTENER_RATE -> LISTENER_RATE_LIMIT;
            case LISTENER_HANDSHAKES -> LISTENER_HANDSHAKE_RATE;
        };
    }

    /** As the access log writes it. */
    public String text() {
        return text;
    }
}
