package dev.weft.proxy;

import dev.weft.admission.Refusal;
import dev.weft.admission.Ticket;
import dev.weft.balance.BackendConnector;
import dev.weft.balance.BackendLease;
import dev.weft.balance.Endpoint;
import dev.weft.config.ConnectionLifetime;
import dev.weft.metrics.AccessLog;
import dev.weft.proxyprotocol.ProxyHeader;
import dev.weft.tls.HandshakeFailure;
import dev.weft.transport.PumpException;
import dev.weft.transport.StreamConnection;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * One client connection from accept to close: open it (a TLS handshake or a look at the ClientHello, if the
 * listener's {@link Frontend} does either), connect to a backend endpoint (and handshake with it, for a TLS
 * backend), then pump both directions on two virtual threads, one each, until both are done.
 * <ul>
 * <li>End of stream on one side half-closes the other side ({@code shutdownOutput}); the opposite direction keeps
 * flowing, and the session closes only when both directions have ended.</li>
 * <li>A failure on either side (a reset, say) aborts both sides with RST, so neither peer mistakes it for a clean
 * end of data.</li>
 * <li>No byte either way for the backend's idle timeout closes both sides.</li>
 * <li>Opening and the backend handshake have deadlines, enforced by the same sweeper as idle timeouts.</li>
 * </ul>
 * {@link #terminate} is the one way a session closes, from any thread, exactly once.
 */
public final class ProxySession {
    private static final System.Logger LOG = System.getLogger("weft.session");
    // VarHandles on plain fields, not Atomic objects: a session lives as long as its connection, idle ones too.
    private static final VarHandle CAUSE;
    private static final VarHandle CLOSED;
    private static final VarHandle TICKET;
    private static final VarHandle RUNNING;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CAUSE = lookup.findVarHandle(ProxySession.class, "cause", TerminationCause.class);
            CLOSED = lookup.findVarHandle(ProxySession.class, "closed", boolean.class);
            TICKET = lookup.findVarHandle(ProxySession.class, "ticket", Ticket.class);
            RUNNING = lookup.findVarHandle(ProxySession.class, "runningDirections", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long id;
    /** The accepted connection until the frontend opens it; then what it returned (TLS over it, say). */
    private volatile StreamConnection client;
    private final SessionContext context;
    private final long startMillis;
    private final long startNanos;
    /** The first thing that ended the session, for the access log. */
    private volatile TerminationCause cause;
    /** What the client's frontend and backend turned out to be, for the access log; set on the session thread. */
    private volatile Frontend.Opened opened;
    private final Consumer<ProxySession> onClosed;
    private volatile boolean closed;
    private volatile int runningDirections = 2;
    private long idleTimeoutNanos;
    /** When the connection's lifetime ends, as System.nanoTime(); 0 for never. Published by {@link #lease}. */
    private long expiresNanos;
    /** How long one direction may stay open after the other finished; 0 for no limit. Published by the lease. */
    private long halfClosedTimeoutNanos;
    /** When the first direction finished, as System.nanoTime(); 0 while both run. */
    private volatile long halfClosedNanos;
    /** While opening or handshaking, the System.nanoTime() by which it must be done; 0 otherwise. */
    private volatile long deadline;
    /** The addresses a PROXY header gave, or null. */
    private volatile ProxyHeader origin;
    /** What admission gave this client, returned once, by whichever of admission and closing comes second. */
    private volatile Ticket ticket;
    /** Set before {@link #lease} is published, so a thread that sees the lease sees both directions. */
    private Direction upstream;
    private Direction downstream;
    private volatile BackendLease lease;
    /** Opening's time waiting for a handshake slot, and the rest of it, in microseconds; -1 until known. */
    private int queueMicros = -1;
    private int handshakeMicros = -1;
    /** When no lease came of connecting: the endpoints tried and why, and how many. */
    private volatile String failedConnects;
    private volatile int failedAttempts;
    /** Set once both pumps are about to run: the access log's data phase. */
    private volatile boolean pumping;

    /**
     * @param admitted what admission at accept gave the client, given back at close; null when the session admits
     *                 it itself, by the address of its PROXY header
     * @param onClosed runs once when the session has closed both sides, to return the listener's permit
     */
    public ProxySession(long id, StreamConnection client, SessionContext context, Ticket admitted,
                        Consumer<ProxySession> onClosed) {
        this.id = id;
        this.ticket = admitted;
        this.startMillis = System.currentTimeMillis();
        this.startNanos = System.nanoTime();
        this.client = client;
        this.context = context;
        this.onClosed = onClosed;
    }

    /** Names the session in log lines, with the client's address from its PROXY header if it had one. */
    private String label() {
        ProxyHeader from = origin;
        return "[" + context.listener() + "#" + id + " " + (from != null ? from.source() : client.remoteAddress())
                + "]";
    }

    /** Runs on the session's first virtual thread, which then pumps client to backend. */
    public void run() {
        if (context.accessLog() != null) {
            // Looked up while connected: once both sides have closed, the socket no longer knows its addresses.
            client.remoteAddress();
            client.localAddress();
        }
        context.counters().onThread(1);
        try {
            openConnectAndPump();
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, label() + " unexpected failure; closing the connection", e);
            terminate(true, TerminationCause.SHUTDOWN);
        } finally {
            context.counters().onThread(-1);
        }
    }

    private void openConnectAndPump() {
        Frontend.Opened opened = open();
        if (opened == null) {
            // FIN, not RST: a reset could destroy the TLS alert just sent before the client reads it.
            terminate(false, TerminationCause.HANDSHAKE_FAILURE);
            return;
        }
        this.opened = opened;
        client = opened.client();
        if (closed) {
            // Terminated while the handshake finished: the terminating thread may have closed only the socket
            // under the TLS connection, whose engine state then waits for this close to be freed.
            opened.client().close();
            release(opened);
            return;
        }
        origin = opened.origin();
        BackendConnector connector = opened.connector();
        idleTimeoutNanos = connector.backend().config().idleTimeout().toNanos();
        BackendLease connected = connector.connect(this::label, connector.needsClientAddress() ? clientAddress(opened)
                : null, (tried, attempts) -> {
                    if (tried == null) {
                        CAUSE.compareAndSet(this, null, TerminationCause.NO_CAPACITY);
                    }
                    failedConnects = tried;
                    failedAttempts = attempts;
                });
        if (connected == null) {
            context.counters().onRefused();
            release(opened);
            terminate(false, TerminationCause.CONNECT_FAILURE);
            return;
        }
        long now = System.nanoTime();
        upstream = new Direction(now);
        downstream = new Direction(now);
        ConnectionLifetime lifetime = connector.backend().config().lifetime();
        if (!lifetime.maxLifetime().isZero()) {
            long jitter = lifetime.jitter().toNanos();
            expiresNanos = now + lifetime.maxLifetime().toNanos()
                    + (jitter > 0 ? ThreadLocalRandom.current().nextLong(jitter) : 0);
        }
        halfClosedTimeoutNanos = lifetime.halfClosedTimeout().toNanos();
        lease = connected;
        if (closed) {
            // Terminated (by a drain) while connecting: the terminating thread may not have seen the lease.
            connected.close(false, 0, 0);
            release(opened);
            return;
        }
        if (connector.sendsProxyHeader() && !sendProxyHeader(connector, connected, opened)) {
            release(opened);
            return;
        }
        if (connector.secured() && !handshakeWithBackend(connector, connected)) {
            release(opened);
            return;
        }
        StreamConnection backend = connected.connection();
        if (opened.replay() != null && !replay(opened, backend)) {
            return;
        }
        StreamConnection front = opened.client();
        pumping = true;
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

    /** Runs the frontend under its deadline; null if the client was refused, failed or took too long. */
    private Frontend.Opened open() {
        Frontend frontend = context.frontend();
        long timeout = frontend.openTimeout().toNanos();
        long start = System.nanoTime();
        deadline = timeout == 0 ? 0 : start + timeout;
        HandshakePermit permit = new HandshakePermit(context.handshakes(), new HandshakePermit.Session() {
            @Override
            public void admit(ProxyHeader header) throws RefusedException {
                ProxySession.this.admit(header);
            }

            @Override
            public long deadline() {
                return deadline;
            }

            @Override
            public void deadline(long nanos) {
                deadline = nanos;
            }

            @Override
            public boolean closed() {
                return closed;
            }
        });
        try {
            Frontend.Opened opened = frontend.open(client, null, null, permit, this::label);
            long waited = permit.waitedNanos();
            queueMicros = (int) Math.min(Integer.MAX_VALUE, waited / 1000);
            handshakeMicros = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - start - waited) / 1000);
            if (frontend.handshakes()) {
                if (opened != null) {
                    context.counters().onHandshake(System.nanoTime() - start);
                } else {
                    context.counters().onHandshakeFailed(HandshakeFailure.OTHER.label());
                }
            }
            return opened;
        } catch (RefusedException e) {
            context.counters().onLimited(e.refusal().label());
            CAUSE.compareAndSet(this, null, TerminationCause.of(e.refusal()));
            Refusal.log(() -> label() + " closing client: " + e.getMessage());
            return null;
        } catch (IOException e) {
            if (frontend.handshakes()) {
                context.counters().onHandshakeFailed(HandshakeFailure.of(e, closed).label());
            }
            LOG.log(System.Logger.Level.DEBUG, () -> label() + " closing client: " + (closed
                    ? "no " + (frontend.handshakes() ? "TLS handshake" : "ClientHello") + " within "
                    + frontend.openTimeout().toMillis() + " ms" : e.getMessage()));
            return null;
        } finally {
            deadline = 0;
            permit.close();
        }
    }

    /**
     * Admission after a PROXY header, before any handshake or backend connect: by the address {@code header}
     * gives, which from now on is the client's in log lines, or by the connection's own. (Without a header, the
     * listener admitted the client as it accepted it.)
     */
    private void admit(ProxyHeader header) throws RefusedException {
        if (header != null && header.hasAddresses()) {
            origin = header;
        }
        if (context.admission().admitsEveryone()) {
            return;
        }
        InetAddress address = (origin != null ? origin.source() : client.remoteAddress()).getAddress();
        if (address == null) {
            return; // Reset before it could be judged: nothing left to admit.
        }
        Ticket verdict = context.admission().admit(address, context.frontend().handshakes());
        if (verdict.refusal() != null) {
            throw new RefusedException(verdict.refusal());
        }
        ticket = verdict;
        if (closed) {
            releaseTicket();
        }
    }

    private void releaseTicket() {
        Ticket held = (Ticket) TICKET.getAndSet(this, null);
        if (held != null) {
            held.release();
        }
    }

    /** The client's IP address: from its PROXY header if it had one, else from the connection. */
    private InetAddress clientAddress(Frontend.Opened opened) {
        InetSocketAddress address = opened.origin() != null ? opened.origin().source() : client.remoteAddress();
        return address.getAddress();
    }

    private boolean sendProxyHeader(BackendConnector connector, BackendLease connected, Frontend.Opened opened) {
        ProxyHeader header = opened.origin() != null ? opened.origin()
                : new ProxyHeader(client.remoteAddress(), client.localAddress());
        try {
            connector.sendProxyHeader(connected, header, opened.tls());
            return true;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> label() + " aborting both sides: backend " + e.getMessage());
            terminate(true, TerminationCause.BACKEND_RESET);
            return false;
        }
    }

    private boolean handshakeWithBackend(BackendConnector connector, BackendLease connected) {
        deadline = System.nanoTime() + connector.handshakeTimeout().toNanos();
        try {
            connector.secure(connected, this::label);
            return true;
        } catch (IOException e) {
            // As when no endpoint accepts the connection: the client gets a FIN.
            terminate(false, TerminationCause.HANDSHAKE_FAILURE);
            return false;
        } finally {
            deadline = 0;
        }
    }

    /** Sends the backend what the frontend read from the client before routing. */
    private boolean replay(Frontend.Opened opened, StreamConnection backend) {
        try {
            upstream.transferred(opened.replay().remaining());
            backend.write(opened.replay());
            return true;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> label() + " aborting both sides: backend " + e.getMessage());
            terminate(true, TerminationCause.BACKEND_RESET);
            return false;
        } finally {
            release(opened);
        }
    }

    private static void release(Frontend.Opened opened) {
        if (opened.replay() != null) {
            opened.replayPool().release(opened.replay());
        }
    }

    private void pump(Direction direction, StreamConnection source, StreamConnection destination) {
        try {
            context.pump().run(source, destination, direction);
            CAUSE.compareAndSet(this, null, source == client ? TerminationCause.CLIENT_FIN
                    : TerminationCause.BACKEND_FIN);
            destination.shutdownOutput();
        } catch (PumpException e) {
            if (!closed) {
                LOG.log(System.Logger.Level.DEBUG, () -> label() + " aborting both sides: "
                        + (source == client ? "client " : "backend ") + e.getMessage());
                boolean clientFailed = (e.sourceFailed() ? source : destination) == client;
                terminate(true, clientFailed ? TerminationCause.CLIENT_RESET : TerminationCause.BACKEND_RESET);
            }
        } finally {
            int running = (int) RUNNING.getAndAdd(this, -1) - 1;
            if (running == 0) {
                terminate(false, TerminationCause.CLIENT_FIN);
            } else {
                halfClosedNanos = System.nanoTime();
            }
        }
    }

    /**
     * Closes both sides once; {@code abort} sends RST instead of FIN. Safe from any thread, any number of times.
     *
     * @param why the cause the access log gives, unless something ended the session before
     */
    public void terminate(boolean abort, TerminationCause why) {
        CAUSE.compareAndSet(this, null, why);
        if (!CLOSED.compareAndSet(this, false, true)) {
            return;
        }
        releaseTicket();
        AccessLog log = context.accessLog();
        InetSocketAddress logged = log != null && log.sampled()
                ? (origin != null ? origin.source() : client.remoteAddress()) : null;
        // Read once: a lease set after this sees the session closed and closes itself (openConnectAndPump).
        BackendLease connected = lease;
        // Before the sockets close, while they still know their addresses.
        String backendSource = logged == null || connected == null ? null
                : text(connected.connection().localAddress());
        String frontend = logged == null ? null : text(client.localAddress());
        if (abort) {
            client.abort();
        } else {
            client.close();
        }
        if (connected != null) {
            connected.close(abort, upstream.bytes(), downstream.bytes());
            context.counters().onClosed(upstream.bytes(), downstream.bytes());
            LOG.log(System.Logger.Level.DEBUG, () -> label() + " closed, " + upstream.bytes() + " bytes up, "
                    + downstream.bytes() + " bytes down");
        }
        onClosed.accept(this);
        if (logged != null) {
            char phase = opened == null ? 'R' : pumping ? 'D' : 'C';
            AccessLog.Timings timings = new AccessLog.Timings(queueMicros, handshakeMicros,
                    connected == null ? -1 : connected.connectMicros(),
                    connected == null ? failedAttempts : connected.retries());
            log.record(AccessRecords.entry(new AccessRecords.Seen(context.listener(), id, startMillis, startNanos,
                    opened, connected, frontend, text(logged), backendSource, timings,
                    connected == null ? failedConnects : connected.tried()), upstream, downstream,
                    cause.code(phase), cause));
        }
    }

    private static String text(InetSocketAddress address) {
        return AccessRecords.text(address);
    }

    public long id() {
        return id;
    }

    /** The endpoint the session is connected to, or null before that. */
    public Endpoint endpoint() {
        BackendLease connected = lease;
        return connected == null ? null : connected.endpoint();
    }

    /** What {@code show sessions} shows of the session at {@code nowNanos}; safe from any thread. */
    public SessionSnapshot snapshot(long nowNanos) {
        Frontend.Opened seen = opened;
        BackendLease connected = lease;
        ProxyHeader from = origin;
        InetSocketAddress clientAddress = from != null ? from.source() : client.remoteAddress();
        String phase = seen == null ? "opening" : connected == null ? "connecting"
                : runningDirections < 2 ? "half-closed" : "open";
        long last = connected == null ? startNanos
                : Math.max(upstream.lastActivityNanos(), downstream.lastActivityNanos());
        return new SessionSnapshot(id, context.listener(), text(clientAddress), phase,
                seen == null ? null : seen.connector().backend().name(),
                connected == null ? null : text(connected.endpoint().address()),
                (nowNanos - startNanos) / 1_000_000, (nowNanos - last) / 1_000_000,
                connected == null ? 0 : upstream.bytes(), connected == null ? 0 : downstream.bytes());
    }

    /**
     * Called by the {@link IdleSweeper}: closes both sides if opening or a handshake is past its deadline, or if
     * no byte moved for the backend's idle timeout.
     */
    void closeIfIdle(long nowNanos) {
        long openBy = deadline;
        if (openBy != 0 && nowNanos - openBy >= 0 && !closed) {
            LOG.log(System.Logger.Level.DEBUG, () -> label() + " handshake timeout: closing");
            terminate(false, TerminationCause.HANDSHAKE_FAILURE);
            return;
        }
        BackendLease connected = lease;
        if (connected == null || closed) {
            return;
        }
        if (connected.endpoint().sessionsEndWhenDown()) {
            LOG.log(System.Logger.Level.INFO, () -> label() + " closing: endpoint " + connected.endpoint().address()
                    + " was marked down by its health checks (on-marked-down = shutdown-sessions)");
            terminate(false, TerminationCause.MARKED_DOWN);
            return;
        }
        if (connected.endpoint().drainingExpired(nowNanos)) {
            LOG.log(System.Logger.Level.INFO, () -> label() + " closing: endpoint " + connected.endpoint().address()
                    + " left the backend and its draining timeout has passed");
            terminate(false, TerminationCause.DRAIN);
            return;
        }
        long expires = expiresNanos;
        if (expires != 0 && nowNanos - expires >= 0) {
            LOG.log(System.Logger.Level.DEBUG, () -> label() + " max connection lifetime: closing both sides");
            terminate(false, TerminationCause.MAX_LIFETIME);
            return;
        }
        long halfClosed = halfClosedNanos;
        if (halfClosed != 0 && halfClosedTimeoutNanos != 0 && nowNanos - halfClosed >= halfClosedTimeoutNanos) {
            LOG.log(System.Logger.Level.DEBUG, () -> label() + " half-closed timeout: closing both sides");
            terminate(false, TerminationCause.HALF_CLOSED_TIMEOUT);
            return;
        }
        if (idleTimeoutNanos == 0) {
            return;
        }
        long last = Math.max(upstream.lastActivityNanos(), downstream.lastActivityNanos());
        if (nowNanos - last >= idleTimeoutNanos) {
            LOG.log(System.Logger.Level.DEBUG, () -> label() + " idle timeout: closing both sides");
            terminate(false, TerminationCause.IDLE_TIMEOUT);
        }
    }
}
