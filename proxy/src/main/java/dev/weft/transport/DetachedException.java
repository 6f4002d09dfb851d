package dev.weft.transport;

import java.io.IOException;

/**
 * A pump's read stopped because its session is moving to another process ({@link Detach}): nothing was read that
 * was not written on, so the connection can be handed over exactly where it stands.
 */
public final class DetachedException extends IOException {
    public DetachedException() {
        super("detached for a handover");
    }

    /** Expected, and thrown once per moving pump: no stack trace to fill. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
