package dev.weft.proxy;

import dev.weft.proxyprotocol.ProxyHeader;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One session's opening: its use of the listener's handshake permits, taken when the client's bytes are in and the
 * handshake computes, returned while it waits for more, and returned for good by {@link #close}; and its
 * admission, which the session does. Only the session's own thread calls it.
 */
final class HandshakePermit implements Opening, AutoCloseable {
    /** What judges the client: the session. */
    interface Admitter {
        void admit(ProxyHeader header) throws RefusedException;
    }

    private final Semaphore permits;
    private final long deadlineNanos;
    private final Admitter admitter;
    private boolean held;

    /** @param deadlineNanos as {@link System#nanoTime()}, when the handshake must be done; 0 for none */
    HandshakePermit(Semaphore permits, long deadlineNanos, Admitter admitter) {
        this.permits = permits;
        this.deadlineNanos = deadlineNanos;
        this.admitter = admitter;
    }

    @Override
    public void admit(ProxyHeader header) throws RefusedException {
        admitter.admit(header);
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
