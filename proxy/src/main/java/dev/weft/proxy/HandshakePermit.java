package dev.weft.proxy;

import dev.weft.tls.HandshakeSlot;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One session's use of its listener's handshake permits: taken when the client's bytes are in and the handshake
 * computes, returned while it waits for more, and returned for good by {@link #close}. Only the session's own
 * thread calls it.
 */
final class HandshakePermit implements HandshakeSlot, AutoCloseable {
    private final Semaphore permits;
    private final long deadlineNanos;
    private boolean held;

    /** @param deadlineNanos as {@link System#nanoTime()}, when the handshake must be done; 0 for none */
    HandshakePermit(Semaphore permits, long deadlineNanos) {
        this.permits = permits;
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public void awaitPeer() {
        if (held) {
            held = false;
            permits.release();
        }
    }

    @Override
    public void compute() throws IOException {
        if (held) {
            return;
        }
        try {
            if (deadlineNanos == 0) {
                permits.acquire();
            } else if (!permits.tryAcquire(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new SocketTimeoutException("every handshake slot stayed busy until the handshake timeout");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a handshake slot", e);
        }
        held = true;
    }

    @Override
    public void close() {
        awaitPeer();
    }
}
