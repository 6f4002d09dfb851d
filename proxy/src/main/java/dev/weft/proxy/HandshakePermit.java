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

        /** Whether the session was closed (a drain, a timeout): then nothing is worth waiting for. */
        boolean closed();
    }

    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Semaphore permits;
    private final Session session;
    private boolean held;
    private long waitedNanos;

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
        long start = System.nanoTime();
        try {
            // In slices, so that a session closed meanwhile (a drain, its deadline) stops waiting at once and
            // frees what its handshake holds, rather than at the end of its wait.
            while (!permits.tryAcquire(SLICE_NANOS, TimeUnit.NANOSECONDS)) {
                if (session.closed()) {
                    throw new IOException("closed while waiting for a handshake slot");
                }
                long deadlineNanos = session.deadline();
                if (deadlineNanos != 0 && System.nanoTime() - deadlineNanos >= 0) {
                    throw new SocketTimeoutException("every handshake slot stayed busy until the handshake timeout");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a handshake slot", e);
        } finally {
            waitedNanos += System.nanoTime() - start;
        }
        held = true;
    }

    /** How long this opening waited for handshake slots, in all. */
    long waitedNanos() {
        return waitedNanos;
    }

    @Override
    public void close() {
        awaitPeer();
    }
}
