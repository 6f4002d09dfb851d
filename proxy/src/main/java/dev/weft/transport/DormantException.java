package dev.weft.transport;

import java.io.IOException;

/**
 * A pump's wait for data ended without a thread to wait on: its connection was asked to rest
 * ({@link StreamConnection#requestRest}) and had nothing to read, so the pump gives its thread up, and the next
 * byte (or the end of the stream) starts a new one ({@link StreamConnection#resumeWhenReadable}). Nothing was read
 * that was not written on.
 */
public final class DormantException extends IOException {
    public DormantException() {
        super("resting until the next byte");
    }

    /** Expected, and thrown once per resting pump: no stack trace to fill. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
