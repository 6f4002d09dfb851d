package dev.weft.tls;

import dev.weft.linux.CallGate;
import dev.weft.transport.StreamConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What both engines' connections share: TLS over a {@code raw} connection, whose engine state is freed once the
 * connection is closed and the last call in flight has left ({@link #enter}/{@link #exit} around every call),
 * never under a thread that still uses it. Closing and aborting close the socket under it at once, which wakes a
 * thread parked on it; threads and addresses are the socket's.
 */
public abstract class TlsLayer implements TlsStream {
    protected final StreamConnection raw;
    private final CallGate gate = new CallGate();
    private final AtomicBoolean outputShut = new AtomicBoolean();

    protected TlsLayer(StreamConnection raw) {
        this.raw = raw;
    }

    /** Before a call: throws once the connection is closed. */
    protected final void enter() throws ClosedChannelException {
        if (!gate.acquire()) {
            throw new ClosedChannelException();
        }
    }

    /** Before a call that has nothing to do once the connection is closed: false then. */
    protected final boolean tryEnter() {
        return gate.acquire();
    }

    /** After a call: the last one out of a closed connection frees its engine state. */
    protected final void exit() {
        if (gate.release()) {
            free();
        }
    }

    /** Runs once: by close when nothing is in flight, else by the last call to leave. */
    protected abstract void free();

    /** Sends close_notify; called at most once, inside a call. */
    protected abstract void closeOutbound() throws IOException;

    /** Sends close_notify, then FIN; the peer may go on sending (TLS 1.3 allows a half-closed connection). */
    @Override
    public final void shutdownOutput() {
        if (!outputShut.compareAndSet(false, true)) {
            return;
        }
        if (tryEnter()) {
            try {
                closeOutbound();
            } catch (IOException | RuntimeException e) {
                // The peer is gone: the FIN below, or the reset it already saw, ends it.
            } finally {
                exit();
            }
        }
        raw.shutdownOutput();
    }

    @Override
    public final void abort() {
        raw.abort();
        gate.close(() -> { }, this::free);
    }

    @Override
    public final void close() {
        raw.close();
        gate.close(() -> { }, this::free);
    }

    /** Where the socket under it is served. */
    @Override
    public final Thread newThread(String name, Runnable task) {
        return raw.newThread(name, task);
    }

    @Override
    public final InetSocketAddress remoteAddress() {
        return raw.remoteAddress();
    }

    @Override
    public final InetSocketAddress localAddress() {
        return raw.localAddress();
    }

    @Override
    public String toString() {
        return "TLS " + raw;
    }
}
