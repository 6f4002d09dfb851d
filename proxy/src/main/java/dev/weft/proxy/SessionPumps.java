package dev.weft.proxy;

import dev.weft.balance.Endpoint;
import dev.weft.config.BackendConfig;
import dev.weft.config.ConnectionLifetime;
import dev.weft.transport.Detach;
import dev.weft.transport.DetachedException;
import dev.weft.transport.DormantException;
import dev.weft.transport.PumpException;
import dev.weft.transport.StreamConnection;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The two directions of a connected session, each pumped on its own virtual thread until it ends: end of stream
 * half-closes the other side and the opposite direction keeps flowing; a failure on either side aborts both with
 * RST; the session ends when both directions have. And, for an upgrade, the way both pumps stop together at a
 * moment they hold nothing ({@link #requestMove}), so the session can move to another process.
 */
final class SessionPumps {
    private static final System.Logger LOG = System.getLogger("weft.session");
    private static final VarHandle RUNNING;
    private static final VarHandle RESTING;

    static {
        try {
            RUNNING = MethodHandles.lookup().findVarHandle(SessionPumps.class, "running", int.class);
            RESTING = MethodHandles.lookup().findVarHandle(SessionPumps.class, "resting", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ProxySession session;
    /** No byte either way for this long closes the session; 0 for never. */
    private final long idleTimeoutNanos;
    /** When the connection's lifetime ends, as System.nanoTime(); 0 for never. */
    private final long expiresNanos;
    /** How long one direction may stay open after the other finished; 0 for no limit. */
    private final long halfClosedTimeoutNanos;
    final Direction upstream;
    final Direction downstream;
    private volatile int running = 2;
    /** Directions resting, without a thread: at 2 the session leaves its listener's awake set. */
    private volatile int resting;
    /** When the first direction finished, as System.nanoTime(); 0 while both run. */
    private volatile long halfClosedNanos;
    private volatile boolean started;
    /** The context the pumps run in, for the threads a resting direction starts again; set by {@link #run}. */
    private volatile SessionContext context;
    /** The last activity at which both connections were asked to rest, so each quiet spell asks once. */
    private volatile long restAskedAt = -1;
    /** A move asked for and not yet done or given up; null otherwise. */
    private volatile Detach detach;
    private volatile SessionMove mover;

    /**
     * @param backend   whose idle timeout, lifetime (with its jitter) and half-closed timeout apply, from
     *                  {@code startNanos}
     * @param bytesUp   moved before this process had the connection (an upgrade), else 0; {@code bytesDown} too
     */
    SessionPumps(ProxySession session, BackendConfig backend, long startNanos, long bytesUp, long bytesDown) {
        this.session = session;
        this.idleTimeoutNanos = backend.idleTimeout().toNanos();
        ConnectionLifetime lifetime = backend.lifetime();
        long jitter = lifetime.jitter().toNanos();
        this.expiresNanos = lifetime.maxLifetime().isZero() ? 0 : startNanos + lifetime.maxLifetime().toNanos()
                + (jitter > 0 ? ThreadLocalRandom.current().nextLong(jitter) : 0);
        this.halfClosedTimeoutNanos = lifetime.halfClosedTimeout().toNanos();
        this.upstream = new Direction(startNanos, bytesUp);
        this.downstream = new Direction(startNanos, bytesDown);
    }

    /** Pumps backend to client on a new thread and client to backend on this one, until both are done. */
    void run(StreamConnection front, StreamConnection backend, SessionContext context) {
        this.context = context;
        started = true;
        awake(context);
        context.counters().onThread(1);
        // Made by the client connection, so it runs where the client's socket (and the backend's) is polled.
        front.newThread(context.downstreamThreadName(), () -> {
            try {
                pump(downstream, backend, front);
            } finally {
                context.counters().onThread(-1);
            }
        }).start();
        pump(upstream, front, backend);
    }

    boolean started() {
        return started;
    }

    boolean halfClosed() {
        return running < 2;
    }

    long halfClosedNanos() {
        return halfClosedNanos;
    }

    long lastActivityNanos() {
        return Math.max(upstream.lastActivityNanos(), downstream.lastActivityNanos());
    }

    /**
     * For the idle sweeper: the limit the session is past at {@code nowNanos}, said in a log line, or null: its
     * endpoint marked down (with {@code on-marked-down = shutdown-sessions}) or gone past its draining timeout,
     * its lifetime, its half-closed timeout, its idle timeout.
     */
    TerminationCause expired(long nowNanos, Endpoint endpoint) {
        if (endpoint.sessionsEndWhenDown()) {
            LOG.log(System.Logger.Level.INFO, () -> session.label() + " closing: endpoint " + endpoint.address()
                    + " was marked down by its health checks (on-marked-down = shutdown-sessions)");
            return TerminationCause.MARKED_DOWN;
        }
        if (endpoint.drainingExpired(nowNanos)) {
            LOG.log(System.Logger.Level.INFO, () -> session.label() + " closing: endpoint " + endpoint.address()
                    + " left the backend and its draining timeout has passed");
            return TerminationCause.DRAIN;
        }
        TerminationCause limit = limit(nowNanos);
        if (limit != null) {
            LOG.log(System.Logger.Level.DEBUG, () -> session.label() + " " + limit.text() + ": closing both sides");
        }
        return limit;
    }

    private TerminationCause limit(long nowNanos) {
        if (expiresNanos != 0 && nowNanos - expiresNanos >= 0) {
            return TerminationCause.MAX_LIFETIME;
        }
        long halfClosed = halfClosedNanos;
        if (halfClosed != 0 && halfClosedTimeoutNanos != 0 && nowNanos - halfClosed >= halfClosedTimeoutNanos) {
            return TerminationCause.HALF_CLOSED_TIMEOUT;
        }
        if (idleTimeoutNanos != 0 && nowNanos - lastActivityNanos() >= idleTimeoutNanos) {
            return TerminationCause.IDLE_TIMEOUT;
        }
        return null;
    }

    private void pump(Direction direction, StreamConnection source, StreamConnection destination) {
        boolean stopped = false;
        boolean resting = false;
        try {
            session.pumps(source, destination, direction);
            session.ended(source, TerminationCause.CLIENT_FIN, TerminationCause.BACKEND_FIN);
            destination.shutdownOutput();
        } catch (PumpException e) {
            if (e.getCause() instanceof DormantException) {
                resting = true;
            } else if (e.getCause() instanceof DetachedException) {
                stopped = true;
            } else if (!session.isClosed()) {
                LOG.log(System.Logger.Level.DEBUG, () -> session.label() + " aborting both sides: "
                        + (session.isClient(source) ? "client " : "backend ") + e.getMessage());
                boolean clientFailed = session.isClient(e.sourceFailed() ? source : destination);
                session.terminate(true, clientFailed ? TerminationCause.CLIENT_RESET : TerminationCause.BACKEND_RESET);
            }
        } finally {
            if (resting) {
                // The direction lives on without a thread: not one fewer running.
                rest(direction, source, destination);
            } else {
                ended(stopped, source, destination);
            }
        }
    }

    private void ended(boolean stopped, StreamConnection source, StreamConnection destination) {
        int left = (int) RUNNING.getAndAdd(this, -1) - 1;
        if (left > 0) {
            if (!stopped) {
                halfClosedNanos = System.nanoTime();
                // This direction is over: the session can no longer move, and the other pump goes on.
                cancelMove();
            }
        } else if (stopped) {
            moveOrResume(source, destination);
        } else {
            session.terminate(false, TerminationCause.CLIENT_FIN);
        }
    }

    /**
     * This direction has given its thread up, holding nothing, until its source has something to say: the next
     * byte, end of stream or error starts a new thread for it, where the source is polled. A move asked for
     * meanwhile starts it at once, so that it can stop with the other direction.
     */
    private void rest(Direction direction, StreamConnection source, StreamConnection destination) {
        SessionContext running = context;
        String name = direction == upstream ? running.upstreamThreadName() : running.downstreamThreadName();
        if ((int) RESTING.getAndAdd(this, 1) + 1 == 2) {
            running.awake().remove(session);
        }
        source.resumeWhenReadable(() -> source.newThread(name, () -> {
            if ((int) RESTING.getAndAdd(this, -1) == 2) {
                // A race with the other direction's rest can leave the set wrong; the full sweeps cover it.
                awake(running);
            }
            running.counters().onThread(1);
            try {
                pump(direction, source, destination);
            } finally {
                running.counters().onThread(-1);
            }
        }).start());
        if (detach != null) {
            source.resumeNow();
        }
    }

    /**
     * Joins the listener's awake set, unless closed: closing leaves the set after it marks the session closed, so
     * a join that raced with it is undone here, and a closed session never stays in the set.
     */
    private void awake(SessionContext in) {
        in.awake().add(session);
        if (session.isClosed()) {
            in.awake().remove(session);
        }
    }

    /**
     * For the idle sweeper: once both directions have been quiet for {@code afterNanos}, asks both connections to
     * give their pump threads up at their next wait (they cost a stack each while parked), once per quiet spell.
     */
    void restIfQuiet(long nowNanos, long afterNanos, StreamConnection front, StreamConnection backend) {
        if (afterNanos == 0 || !started || detach != null) {
            return;
        }
        long last = lastActivityNanos();
        if (nowNanos - last < afterNanos || restAskedAt == last) {
            return;
        }
        restAskedAt = last;
        front.requestRest();
        backend.requestRest();
    }

    /**
     * Asks both pumps to stop at their next moment with nothing held and then give the session to
     * {@code next}: false when it cannot move (not both directions running, a side that is not a plain native
     * socket, or a move already asked for).
     */
    boolean requestMove(StreamConnection front, StreamConnection backend, SessionMove next) {
        if (!started || running != 2 || detach != null || !front.detachable() || !backend.detachable()) {
            return false;
        }
        Detach pending = new Detach();
        mover = next;
        detach = pending;
        front.detachAt(pending);
        backend.detachAt(pending);
        return true;
    }

    void cancelMove() {
        Detach pending = detach;
        if (pending != null) {
            pending.cancel();
        }
    }

    /** Both pumps stopped for a move; this is the last one. If the move fails, both start again. */
    private void moveOrResume(StreamConnection source, StreamConnection destination) {
        if (session.isClosed()) {
            return;
        }
        if (mover.move(session)) {
            session.handedOver();
            return;
        }
        LOG.log(System.Logger.Level.WARNING, session.label() + " could not move to the new process; it stays");
        detach = null;
        running = 2;
        StreamConnection front = session.isClient(source) ? source : destination;
        StreamConnection backend = front == source ? destination : source;
        front.detachAt(null);
        backend.detachAt(null);
        front.newThread("weft-resumed-down", () -> pump(downstream, backend, front)).start();
        pump(upstream, front, backend);
    }
}
