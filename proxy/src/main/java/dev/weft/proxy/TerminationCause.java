package dev.weft.proxy;

/** Why a connection ended, for the access log: the first thing that ended it. */
public enum TerminationCause {
    CLIENT_FIN("client FIN"),
    BACKEND_FIN("backend FIN"),
    CLIENT_RESET("client reset"),
    BACKEND_RESET("backend reset"),
    IDLE_TIMEOUT("idle timeout"),
    CONNECT_FAILURE("connect failure"),
    HANDSHAKE_FAILURE("handshake failure"),
    NO_CAPACITY("no capacity"),
    DRAIN("drain"),
    SHUTDOWN("shutdown");

    private final String text;

    TerminationCause(String text) {
        this.text = text;
    }

    /** As the access log writes it. */
    public String text() {
        return text;
    }
}
