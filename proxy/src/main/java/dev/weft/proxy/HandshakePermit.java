package dev.weft.proxy;

import dev.weft.proxyprotocol.ProxyHeader;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One session's opening: its use of the listener's handshake permits, taken when the client's bytes are in and the
 * handshake computes, returned while it waits for more, and returned for good by {@link #close}; and its
 * admission, which the session does. Only the session's own thread calls it.
 */
final class HandshakePermit implements Opening, AutoCloseable {
    /** The session being opened: it judges the client and keeps the deadline. */
    interface Session {
        void admit(ProxyHeader header) throws RefusedException;

        /** When the opening must be done, as {@link System#nanoTime()}; 0 for never. */
        long deadline();

        void deadline(long nanos);
    }

    private final Semaphore permits;
    private final Session session;
    private boolean held;

    HandshakePermit(Semaphore permits, Session session) {
        this.permits = permits;
        this.session = session;
    }

    @Override
    public void admit(ProxyHeader header) throws RefusedException {
        session.admit(header);
    }

    @Override
    public void headerRead(Duration timeout) {
        session.deadline(timeout.isZero() ? 0 : System.nanoTime() + timeout.toNanos());
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
        long deadlineNanos = session.deadline();
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
