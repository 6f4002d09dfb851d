package dev.weft.balance;

import dev.weft.transport.StreamConnection;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An open connection to an endpoint, counted in that endpoint's active connections until {@link #close}; closing
 * more than once, from any thread, releases the endpoint exactly once.
 */
public final class BackendLease {
    private final Endpoint endpoint;
    /** Replaced once, by TLS over it, before the lease is shared with a second thread. */
    private volatile StreamConnection connection;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final long connectMicros;
    private final int retries;
    private final String tried;

    /**
     * @param connectMicros how long the successful connect took
     * @param retries       connects that failed before it
     * @param tried         those endpoints and why, or null when the first worked
     */
    BackendLease(Endpoint endpoint, StreamConnection connection, long connectMicros, int retries, String tried) {
        this.endpoint = endpoint;
        this.connection = connection;
        this.connectMicros = connectMicros;
        this.retries = retries;
        this.tried = tried;
    }

    public long connectMicros() {
        return connectMicros;
    }

    public int retries() {
        return retries;
    }

    /** The endpoints that failed before this one, with why; null when the first connect worked. */
    public String tried() {
        return tried;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public StreamConnection connection() {
        return connection;
    }

    /**
     * From now on the lease speaks TLS. If it was closed meanwhile (a drain, a timeout), the closing thread may
     * have closed only the socket under {@code secured}, so it is closed here too: its engine state is freed then.
     */
    void upgrade(StreamConnection secured) {
        this.connection = secured;
        if (closed.get()) {
            secured.abort();
        }
    }

    /**
     * @param abort    close with a reset rather than a FIN
     * @param bytesIn  bytes the connection carried from the client to the endpoint, for its counters
     * @param bytesOut and back
     */
    public void close(boolean abort, long bytesIn, long bytesOut) {
        close(abort, false, bytesIn, bytesOut);
    }

    /** @param handedOver the connection went to another process: only this process's descriptor closes */
    public void close(boolean abort, boolean handedOver, long bytesIn, long bytesOut) {
        if (closed.compareAndSet(false, true)) {
            if (handedOver) {
                connection.closeHandedOver();
            } else if (abort) {
                connection.abort();
            } else {
                connection.close();
            }
            endpoint.release(bytesIn, bytesOut);
        }
    }
}
