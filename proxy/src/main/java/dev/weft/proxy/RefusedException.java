package dev.weft.proxy;

import dev.weft.admission.Refusal;
import java.io.IOException;

/** Admission refused a client: it is closed, counted by reason, and logged with that cause. */
public final class RefusedException extends IOException {
    private final Refusal refusal;

    public RefusedException(Refusal refusal) {
        super(refusal.cause());
        this.refusal = refusal;
    }

    /** A flood refuses thousands a second: no stack trace, which nobody reads, for each. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    public Refusal refusal() {
        return refusal;
    }
}
