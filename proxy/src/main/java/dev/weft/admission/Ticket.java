package dev.weft.admission;

/**
 * What admission said of one connection: refused (and why), or admitted, in which case the session gives the
 * ticket back once, when it closes, so that its client's open connections are counted down.
 */
public class Ticket {
    /** Admitted by a listener that counts no client's connections. */
    public static final Ticket UNCOUNTED = new Ticket(null);

    private static final Ticket[] REFUSED = new Ticket[Refusal.values().length];

    static {
        for (Refusal refusal : Refusal.values()) {
            REFUSED[refusal.ordinal()] = new Ticket(refusal);
        }
    }

    private final Refusal refusal;

    Ticket(Refusal refusal) {
        this.refusal = refusal;
    }

    static Ticket refused(Refusal refusal) {
        return REFUSED[refusal.ordinal()];
    }

    /** Why the client was refused; null when it was admitted. */
    public final Refusal refusal() {
        return refusal;
    }

    /** The connection closed. */
    public void release() {
    }
}
