package dev.weft.proxy;

import dev.weft.transport.TransferObserver;

/**
 * One direction of a session as its pump reports it. Only that pump's thread writes here (single writer); the
 * idle timer reads {@link #lastActivityNanos()} from another thread.
 */
final class Direction implements TransferObserver {
    private volatile long lastActivityNanos;
    private long bytes;

    /** @param bytes moved before this process had the connection (it was handed over), else 0 */
    Direction(long startNanos, long bytes) {
        this.lastActivityNanos = startNanos;
        this.bytes = bytes;
    }

    @Override
    public void transferred(int count) {
        bytes += count;
        lastActivityNanos = System.nanoTime();
    }

    long lastActivityNanos() {
        return lastActivityNanos;
    }

    /** Bytes moved so far; exact once the pump has returned. */
    long bytes() {
        return bytes;
    }
}
