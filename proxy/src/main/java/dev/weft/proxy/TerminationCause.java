package dev.weft.proxy;

import dev.weft.admission.Refusal;

/** Why a connection ended, for the access log: the first thing that ended it. */
public enum TerminationCause {
    CLIENT_FIN("client FIN", '-'),
    BACKEND_FIN("backend FIN", '-'),
    CLIENT_RESET("client reset", 'C'),
    BACKEND_RESET("backend reset", 'S'),
    IDLE_TIMEOUT("idle timeout", 'c'),
    MAX_LIFETIME("max connection lifetime", 'P'),
    HALF_CLOSED_TIMEOUT("half-closed timeout", 'c'),
    CONNECT_FAILURE("connect failure", 'S'),
    HANDSHAKE_FAILURE("handshake failure", 'C'),
    NO_CAPACITY("no capacity", 'S'),
    DRAIN("drain", 'K'),
    MARKED_DOWN("endpoint marked down", 'D'),
    KILLED("shut down by operator", 'K'),
    HANDED_OVER("moved to the new process", '-'),
    SHUTDOWN("shutdown", 'K'),
    DENIED(Refusal.DENIED),
    CLIENT_CONNECTION_LIMIT(Refusal.CLIENT_CONNECTIONS),
    CLIENT_RATE_LIMIT(Refusal.CLIENT_RATE),
    CLIENT_HANDSHAKE_RATE(Refusal.CLIENT_HANDSHAKES),
    LISTENER_RATE_LIMIT(Refusal.LISTENER_RATE),
    LISTENER_HANDSHAKE_RATE(Refusal.LISTENER_HANDSHAKES);

    private final String text;
    private final char side;
    private final boolean refusal;

    TerminationCause(String text, char side) {
        this.text = text;
        this.side = side;
        this.refusal = false;
    }

    TerminationCause(Refusal refusal) {
        this.text = refusal.cause();
        this.side = 'P';
        this.refusal = true;
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

    /** Admission refused the client: it is reset, as HAProxy's {@code tcp-request connection reject} does. */
    public boolean refusal() {
        return refusal;
    }

    /** As the access log writes it. */
    public String text() {
        return text;
    }

    /**
     * The access log's two-letter termination code, as HAProxy's tcplog: {@code --} for a normal end, else who
     * ended it ({@code C} client, {@code S} server, {@code c} a client-side timeout, {@code P} Weft's own policy,
     * {@code K} an operator or a shutdown, {@code D} the endpoint marked down) and in which phase ({@code R}
     * opening: PROXY header, handshake, ClientHello; {@code C} connecting to the endpoint; {@code D} data).
     *
     * @param phase {@code R}, {@code C} or {@code D}
     */
    public String code(char phase) {
        return side == '-' ? "--" : new String(new char[] {side, phase});
    }
}
