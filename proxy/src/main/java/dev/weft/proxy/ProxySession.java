package dev.weft.proxy;

import dev.weft.balance.BackendLease;
import dev.weft.transport.PumpException;
import dev.weft.transport.StreamConnection;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One client connection from accept to close: connect to a backend endpoint, then pump both directions on two
 * virtual threads, one each, until both are done.
 * <ul>
 * <li>End of stream on one side half-closes the other side ({@code shutdownOutput}); the opposite direction keeps
 * flowing, and the session closes only when both directions have ended.</li>
 * <li>A failure on either side (a reset, say) aborts both sides with RST, so neither peer mistakes it for a clean
 * end of data.</li>
 * <li>No byte either way for the backend's idle timeout closes both sides.</li>
 * </ul>
 * {@link #terminate} is the one way a session closes, from any thread, exactly once.
 */
public final class ProxySession {
    private static final System.Logger LOG = System.getLogger("weft.session");

    private final long id;
    private final StreamConnection client;
    private final SessionContext context;
    private final Consumer<ProxySession> onClosed;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger runningDirections = new AtomicInteger(2);
    private final long idleTimeoutNanos;
    /** Set before {@link #lease} is published, so a thread that sees the lease sees both directions. */
    private Direction upstream;
    private Direction downstream;
    private volatile BackendLease lease;

    /**
     * @param onClosed runs once when the session has closed both sides, to return the listener's permit
     */
    public ProxySession(long id, StreamConnection client, SessionContext context, Consumer<ProxySession> onClosed) {
        this.id = id;
        this.client = client;
        this.context = context;
        this.onClosed = onClosed;
        this.idleTimeoutNanos = context.connector().backend().config().idleTimeout().toNanos();
    }

    /** Names the session in log lines; built only when a line is written. */
    private String label() {
        return "[" + context.listener() + "#" + id + " " + client.remoteAddress() + "]";
    }

    /** Runs on the session's first virtual thread, which then pumps client to backend. */
    public void run() {
        try {
            connectAndPump();
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, label() + " unexpected failure; closing the connection", e);
            terminate(true);
        }
    }

    private void connectAndPump() {
        BackendLease connected = context.connector().connect(this::label);
        if (connected == null) {
            terminate(false);
            return;
        }
        long now = System.nanoTime();
        upstream = new Direction(now);
        downstream = new Direction(now);
        lease = connected;
        if (closed.get()) {
            // Terminated (by a drain) while connecting: the terminating thread may not have seen the lease.
            connected.close(false);
            return;
        }
        StreamConnection backend = connected.connection();
        Thread.ofVirtual().name("weft-" + context.listener() + "-down").start(() -> pump(downstream, backend, client));
        pump(upstream, client, backend);
    }

    private void pump(Direction direction, StreamConnection source, StreamConnection destination) {
        try {
            context.pump().run(source, destination, direction);
            destination.shutdownOutput();
        } catch (PumpException e) {
            if (!closed.get()) {
                LOG.log(System.Logger.Level.DEBUG, () -> label() + " aborting both sides: "
                        + (source == client ? "client " : "backend ") + e.getMessage());
                terminate(true);
            }
        } finally {
            if (runningDirections.decrementAndGet() == 0) {
                terminate(false);
            }
        }
    }

    /** Closes both sides once; {@code abort} sends RST instead of FIN. Safe from any thread, any number of times. */
    public void terminate(boolean abort) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (abort) {
            client.abort();
        } else {
            client.close();
        }
        BackendLease connected = lease;
        if (connected != null) {
            connected.close(abort);
            LOG.log(System.Logger.Level.DEBUG, () -> label() + " closed, " + upstream.bytes() + " bytes up, "
                    + downstream.bytes() + " bytes down");
        }
        onClosed.accept(this);
    }

    /** Called by the {@link IdleSweeper}: closes both sides if no byte moved for the backend's idle timeout. */
    void closeIfIdle(long nowNanos) {
        if (idleTimeoutNanos == 0 || lease == null || closed.get()) {
            return;
        }
        long last = Math.max(upstream.lastActivityNanos(), downstream.lastActivityNanos());
        if (nowNanos - last >= idleTimeoutNanos) {
            LOG.log(System.Logger.Level.DEBUG, () -> label() + " idle timeout: closing both sides");
            terminate(false);
        }
    }
}
