package dev.weft.proxy;

import dev.weft.admission.Ticket;
import dev.weft.balance.BackendConnector;
import dev.weft.balance.BackendLease;
import dev.weft.balance.Endpoint;
import dev.weft.metrics.AccessLog;
import dev.weft.proxyprotocol.ProxyHeader;
import dev.weft.transport.PumpException;
import dev.weft.transport.StreamConnection;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * {@link #terminate} is the one way a session closes, from any thread, exactly once. For an upgrade, a plain
 * session with both directions open can instead move to the new process ({@link #requestMove}), which takes it up
 * where it stood ({@link #adopt}).
 */
public final class ProxySession {
    private static final System.Logger LOG = System.getLogger("weft.session");
    // VarHandles on plain fields, not Atomic objects: a session lives as long as its connection, idle ones too.
    private static final VarHandle CAUSE;
    private static final VarHandle CLOSED;
    private static final VarHandle TICKET;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CAUSE = lookup.findVarHandle(ProxySession.class, "cause", TerminationCause.class);
            CLOSED = lookup.findVarHandle(ProxySession.class, "closed", boolean.class);
            TICKET = lookup.findVarHandle(ProxySession.class, "ticket", Ticket.class);
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
    /** While opening or handshaking, the System.nanoTime() by which it must be done; 0 otherwise. */
    private volatile long deadline;
    /** The addresses a PROXY header gave, or null. */
    private volatile ProxyHeader origin;
    /** What admission gave this client, returned once, by whichever of admission and closing comes second. */
    private volatile Ticket ticket;
    /** Set before {@link #lease} is published, so a thread that sees the lease sees both directions. */
    private volatile SessionPumps pumps;
    private volatile BackendLease lease;
    /** Opening's time waiting for a handshake slot, and the rest of it, in microseconds; -1 until known. */
    private int queueMicros = -1;
    private int handshakeMicros = -1;
    /** When no lease came of connecting: the endpoints tried and why, and how many. */
    private volatile String failedConnects;
    private volatile int failedAttempts;
    /** Set once the session's sockets belong to the new process: closing them here must not end them. */
    private volatile boolean handedOver;

    /**
     * @param admitted what admission at accept gave the client, given back at close; null when the session admits
     *                 it itself, by the address of its PROXY header
     * @param onClosed runs once when the session has closed both sides, to return the listener's permit
     */
    public ProxySession(long id, StreamConnection client, SessionContext context, Ticket admitted,
                        Consumer<ProxySession> onClosed) {
        this(id, client, context, admitted, onClosed, System.currentTimeMillis(), System.nanoTime());
    }

    private ProxySession(long id, StreamConnection client, SessionContext context, Ticket admitted,
                         Consumer<ProxySession> onClosed, long startMillis, long startNanos) {
        this.id = id;
        this.ticket = admitted;
        this.startMillis = startMillis;
        this.startNanos = startNanos;
        this.client = client;
        this.context = context;
        this.onClosed = onClosed;
    }

    /**
     * A session the process before this one handed over ({@code moved}: what that process knew of it), both sides
     * connected and its pumps to be started ({@link #runAdopted}): it goes on as if it had been accepted here, with
     * its byte counts and start time, and counts among its client's connections, so that a per-client limit holds
     * across the upgrade.
     */
    public static ProxySession adopt(long id, SessionContext context, BackendConnector connector, BackendLease lease,
                                     StreamConnection client, MovedSession moved, Consumer<ProxySession> onClosed) {
        long age = Math.max(0, System.currentTimeMillis() - moved.startMillis());
        ProxySession session = new ProxySession(id, client, context, context.admission().adopt(
                moved.clientAddress(client)), onClosed, moved.startMillis(), System.nanoTime() - age * 1_000_000);
        session.opened = new Frontend.Opened(client, connector, null, null, moved.origin(), null);
        session.origin = moved.origin();
        session.pumps = new SessionPumps(session, connector.backend().config(), System.nanoTime(), moved.bytesUp(),
                moved.bytesDown());
        session.lease = lease;
        return session;
    }

    /** Runs an adopted session's pumps on this thread and one more. */
    public void runAdopted() {
        guarded(() -> pumps.run(client, lease.connection(), context));
    }

    /** Names the session in log lines, with the client's address from its PROXY header if it had one. */
    String label() {
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
        guarded(this::openConnectAndPump);
    }

    /** Runs a session thread's work, counted, and closes the session on a defect rather than leaving it open. */
    private void guarded(Runnable work) {
        context.counters().onThread(1);
        try {
            work.run();
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, label() + " unexpected failure; closing the connection", e);
            terminate(true, TerminationCause.SHUTDOWN);
        } finally {
            context.counters().onThread(-1);
        }
    }

    private void openConnectAndPump() {
        Frontend.Opened opened = new SessionOpening(this, context).open();
        if (opened == null) {
            // FIN, not RST: a reset could destroy the TLS alert just sent (a refused client is reset, below).
            terminate(false, TerminationCause.HANDSHAKE_FAILURE);
            return;
        }
        this.opened = opened;
        client = opened.client();
        if (closed) {
            // Terminated while the handshake finished: the terminating thread may have closed only the socket
            // under the TLS connection, whose engine state then waits for this close to be freed.
            opened.client().close();
            SessionConnecting.release(opened);
            return;
        }
        origin = opened.origin();
        BackendConnector connector = opened.connector();
        // For affinity, the client's own address: its PROXY header's, if it had one.
        InetAddress clientIp = connector.needsClientAddress()
                ? (origin != null ? origin.source() : client.remoteAddress()).getAddress() : null;
        BackendLease connected = connector.connect(this::label, clientIp, (tried, attempts) -> {
            if (tried == null) {
                CAUSE.compareAndSet(this, null, TerminationCause.NO_CAPACITY);
            }
            failedConnects = tried;
            failedAttempts = attempts;
        });
        if (connected == null) {
            context.counters().onRefused();
            SessionConnecting.release(opened);
            terminate(false, TerminationCause.CONNECT_FAILURE);
            return;
        }
        SessionPumps made = new SessionPumps(this, connector.backend().config(), System.nanoTime(), 0, 0);
        pumps = made;
        lease = connected;
        if (closed) {
            // Terminated (by a drain) while connecting: the terminating thread may not have seen the lease.
            connected.close(false, 0, 0);
            SessionConnecting.release(opened);
            return;
        }
        if (SessionConnecting.prepare(this, connector, connected, opened, made.upstream)) {
            made.run(opened.client(), connected.connection(), context);
        }
    }

    /** While opening: when it must be done, as System.nanoTime(); 0 for no deadline. */
    void deadline(long nanos) {
        deadline = nanos;
    }

    long deadline() {
        return deadline;
    }

    /** The client's addresses from its PROXY header: its address in log lines from now on. */
    void origin(ProxyHeader header) {
        origin = header;
    }

    ProxyHeader origin() {
        return origin;
    }

    /** The accepted connection, until opening returns what to proxy. */
    StreamConnection client() {
        return client;
    }

    /** What admission gave the client; given back at close, or at once if the session closed meanwhile. */
    void admitted(Ticket verdict) {
        ticket = verdict;
        if (closed) {
            releaseTicket();
        }
    }

    /** Admission refused the client: the cause for the log, unless something came first. */
    void refused(TerminationCause why) {
        CAUSE.compareAndSet(this, null, why);
    }

    /** How long opening waited for handshake slots, and the rest of it. */
    void openingTook(long queueNanos, long restNanos) {
        queueMicros = (int) Math.min(Integer.MAX_VALUE, queueNanos / 1000);
        handshakeMicros = (int) Math.min(Integer.MAX_VALUE, restNanos / 1000);
    }

    private void releaseTicket() {
        Ticket held = (Ticket) TICKET.getAndSet(this, null);
        if (held != null) {
            held.release();
        }
    }

    /** Runs one direction's pump: for {@link SessionPumps}. */
    void pumps(StreamConnection source, StreamConnection destination, Direction direction) throws PumpException {
        context.pump().run(source, destination, direction);
    }

    /** A direction reached its end of stream: the cause, unless something came first. */
    void ended(StreamConnection source, TerminationCause ifClient, TerminationCause ifBackend) {
        CAUSE.compareAndSet(this, null, isClient(source) ? ifClient : ifBackend);
    }

    boolean isClosed() {
        return closed;
    }

    boolean isClient(StreamConnection connection) {
        return connection == client;
    }

    /**
     * Asks the session to stop at its next moment with no byte held in either direction and give itself to
     * {@code mover}, which sends its sockets to the new process: false for one that cannot move (opening or
     * connecting still, half-closed, TLS on either side, or closed).
     */
    public boolean requestMove(SessionMove mover) {
        SessionPumps running = pumps;
        BackendLease connected = lease;
        if (closed || running == null || connected == null) {
            return false;
        }
        return running.requestMove(client, connected.connection(), mover);
    }

    /** What the new process needs to take the session up; {@code clientFd} and {@code backendFd} go beside it. */
    public MovedSession moved() {
        SessionPumps running = pumps;
        BackendLease connected = lease;
        return new MovedSession(startMillis, running.upstream.bytes(), running.downstream.bytes(), origin,
                context.listener(), opened.connector().backend().name(), connected.endpoint().address(), id);
    }

    /** The client's and the endpoint's connections, whose descriptors move. */
    public StreamConnection[] connections() {
        return new StreamConnection[] {client, lease.connection()};
    }

    /**
     * The new process holds the session's sockets now: this one lets go of its copies (no FIN, no reset: the
     * connections go on there) and of everything the session held here.
     */
    public void handedOver() {
        handedOver = true;
        terminate(false, TerminationCause.HANDED_OVER);
    }

    /**
     * Closes both sides once; {@code abort} sends RST instead of FIN. Safe from any thread, any number of times.
     *
     * @param why the cause the access log gives (never null), unless something ended the session before
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
                : AccessRecords.text(connected.connection().localAddress());
        String frontend = logged == null ? null : AccessRecords.text(client.localAddress());
        SessionPumps running = pumps;
        if (running != null) {
            running.cancelMove();
        }
        if (handedOver) {
            client.closeHandedOver();
        } else if (abort || cause.refusal()) {
            // A refused client was sent nothing: a reset, as HAProxy's reject, leaves no FIN_WAIT or TIME_WAIT here.
            client.abort();
        } else {
            client.close();
        }
        if (connected != null) {
            long up = running.upstream.bytes();
            long down = running.downstream.bytes();
            connected.close(abort, handedOver, up, down);
            context.counters().onClosed(up, down);
            LOG.log(System.Logger.Level.DEBUG, () -> label() + " closed, " + up + " bytes up, " + down
                    + " bytes down");
        }
        onClosed.accept(this);
        if (logged != null) {
            char phase = opened == null ? 'R' : running != null && running.started() ? 'D' : 'C';
            AccessLog.Timings timings = new AccessLog.Timings(queueMicros, handshakeMicros,
                    connected == null ? -1 : connected.connectMicros(),
                    connected == null ? failedAttempts : connected.retries());
            log.record(AccessRecords.entry(new AccessRecords.Seen(context.listener(), id, startMillis, startNanos,
                    opened, connected, frontend, AccessRecords.text(logged), backendSource, timings,
                    connected == null ? failedConnects : connected.tried()),
                    running == null ? null : running.upstream, running == null ? null : running.downstream,
                    cause.code(phase), cause));
        }
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
        ProxyHeader from = origin;
        return SessionSnapshot.of(id, context.listener(), from != null ? from.source() : client.remoteAddress(),
                opened, lease, pumps, startNanos, nowNanos);
    }

    /**
     * Called by the {@link IdleSweeper}: closes both sides if opening or a handshake is past its deadline, or if the
     * connected session is past one of its limits ({@link SessionPumps#expired}); else lets a quiet one rest.
     */
    void closeIfIdle(long nowNanos, long restAfterNanos) {
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
        TerminationCause expired = pumps.expired(nowNanos, connected.endpoint());
        if (expired != null) {
            terminate(false, expired);
        } else {
            pumps.restIfQuiet(nowNanos, restAfterNanos, client, connected.connection());
        }
    }
}
