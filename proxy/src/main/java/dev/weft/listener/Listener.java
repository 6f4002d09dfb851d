package dev.weft.listener;

import dev.weft.admission.Admission;
import dev.weft.admission.Ticket;
import dev.weft.config.Keyword;
import dev.weft.config.ListenerConfig;
import dev.weft.metrics.AccessLog;
import dev.weft.metrics.ListenerCounters;
import dev.weft.proxy.Frontend;
import dev.weft.proxy.ProxySession;
import dev.weft.proxy.SessionContext;
import dev.weft.proxy.TerminationCause;
import dev.weft.transport.Pump;
import dev.weft.transport.ServerEndpoint;
import dev.weft.transport.StreamConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One listening socket and its accept loop. The loop runs on one named thread (see
 * {@link ServerEndpoint#acceptThread}) and only accepts and hands off: everything slow (backend connect, retries, TLS
 * handshakes) runs on the connection's own virtual thread.
 */
public final class Listener {
    private static final System.Logger LOG = System.getLogger("weft.listener");

    /** Replaced by a reload; a session keeps the context it was accepted with. */
    private volatile ListenerConfig config;
    private final ServerEndpoint endpoint;
    private volatile SessionContext context;
    /**
     * Taken before accept and returned when the session closes, so that at most max-connections sessions exist
     * and further clients wait in the kernel backlog rather than being accepted and dropped.
     */
    private final ResizableSemaphore permits;
    /** Handshakes in progress, for a TLS listener; one semaphore for the listener's life, across reloads. */
    private final ResizableSemaphore handshakes;
    private final Pump pump;
    private final ListenerCounters counters = new ListenerCounters();
    private final AccessLog accessLog;
    private final Set<ProxySession> live = ConcurrentHashMap.newKeySet();
    /** Of {@link #live}, those not resting on both sides (see {@link SessionContext#awake}). */
    private final Set<ProxySession> awake = ConcurrentHashMap.newKeySet();
    private final Consumer<ProxySession> onSessionClosed = this::sessionClosed;
    /**
     * Session ids, unique in the process across listeners, for the access log and {@code shutdown session}: one
     * increment per accepted connection, by the accept threads only.
     */
    private static final AtomicLong SESSION_IDS = new AtomicLong();
    private final String sessionThreadName;
    private final CountDownLatch drained = new CountDownLatch(1);
    private final Thread acceptor;
    private volatile boolean draining;

    /**
     * @param frontend how the listener's clients are opened (as they are, TLS, SNI routing)
     * @param pump     how bytes move between a client and its backend
     */
    public Listener(ListenerConfig config, ServerEndpoint endpoint, Frontend frontend, Pump pump, AccessLog accessLog) {
        this.config = config;
        this.accessLog = accessLog;
        this.endpoint = endpoint;
        this.pump = pump;
        this.permits = new ResizableSemaphore(config.maxConnections());
        this.handshakes = new ResizableSemaphore(handshakeLimit(config));
        this.context = new SessionContext(config.name(), frontend, pump, handshakes,
                new Admission(config.access(), config.limits(), null), counters, accessLog, awake);
        this.sessionThreadName = "weft-" + config.name() + "-up";
        this.acceptor = endpoint.acceptThread("weft-listener-" + config.name(), this::acceptLoop);
    }

    public String name() {
        return config.name();
    }

    public ListenerConfig config() {
        return config;
    }

    public ListenerCounters counters() {
        return counters;
    }

    /** Clients the listener's per-client limits track now. */
    public int trackedClients() {
        return context.admission().trackedClients();
    }

    /**
     * A reload kept this listener (same address, same protocol): new connections get {@code next} and
     * {@code nextContext} (backends, TLS, limits); open ones go on as they are.
     */
    public void reconfigure(ListenerConfig next, Frontend frontend) {
        if (!next.tcp().equals(config.tcp())) {
            try {
                endpoint.clientOptions(next.tcp());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "listener '" + next.name() + "': cannot apply the new TCP "
                        + "settings (" + e.getMessage() + "); clients get the previous ones");
            }
        }
        permits.resize(next.maxConnections() - config.maxConnections());
        handshakes.resize(handshakeLimit(next) - handshakeLimit(config));
        context = new SessionContext(next.name(), frontend, pump, handshakes,
                new Admission(next.access(), next.limits(), context.admission()), counters, accessLog, awake);
        config = next;
    }

    private static int handshakeLimit(ListenerConfig config) {
        return config.tls() != null ? config.tls().maxConcurrentHandshakes() : Integer.MAX_VALUE / 2;
    }

    public InetSocketAddress address() {
        return endpoint.localAddress();
    }

    /** The listening socket's descriptor, to hand over; -1 for a transport that cannot. */
    public int descriptor() {
        return endpoint.descriptor();
    }

    /** TLS handshakes computing now (each holding a slot of {@code tls.max-concurrent-handshakes}). */
    public int handshakesComputing() {
        return Math.max(0, handshakeLimit(config) - handshakes.availablePermits());
    }

    /** Sessions accepted and not yet closed. */
    public int activeSessions() {
        return live.size();
    }

    /** A live view of the open sessions, safe to iterate from another thread. */
    public Set<ProxySession> sessions() {
        return Collections.unmodifiableSet(live);
    }

    /** A live view of the open sessions with a pump thread running, safe to iterate from another thread. */
    public Set<ProxySession> awakeSessions() {
        return awake;
    }

    public void start() {
        acceptor.start();
        LOG.log(System.Logger.Level.INFO, "listener '" + config.name() + "' listening on " + hostPort(address())
                + " (" + Keyword.of(config.protocol()) + ") " + (config.routes() != null
                ? "routing by SNI" : "for backend '" + config.backend() + "'"));
    }

    /** Releases the listening socket of a listener that was bound but never started. */
    public void closeUnstarted() {
        endpoint.close();
    }

    private void acceptLoop() {
        AcceptBackoff backoff = new AcceptBackoff(config.name(), pause -> Thread.sleep(pause), System::nanoTime);
        try {
            while (!draining) {
                // Handshake permits are the sessions' to take, once a client's bytes are in: a silent client
                // waiting here, or in the backlog, would shut out the ones behind it.
                permits.acquire();
                StreamConnection client;
                try {
                    client = endpoint.accept();
                } catch (ClosedChannelException e) {
                    permits.release();
                    return;
                } catch (IOException e) {
                    permits.release();
                    backoff.failed(e);
                    continue;
                }
                backoff.succeeded();
                // A reload may swap the context while accept() waits: a client gets the one current when it came.
                SessionContext accepting = context;
                Ticket admitted = AcceptGate.admit(client, accepting);
                if (admitted != null && admitted.refusal() != null) {
                    counters.onAccepted();
                    permits.release();
                    continue;
                }
                handOff(client, accepting, admitted);
            }
        } catch (InterruptedException e) {
            // Interrupted by stopAccepting() while waiting for a permit or backing off.
        }
    }

    /** @param admitted what the accept loop's admission gave the client, or null for the session to admit it */
    private void handOff(StreamConnection client, SessionContext accepting, Ticket admitted) {
        counters.onAccepted();
        ProxySession session = new ProxySession(SESSION_IDS.incrementAndGet(), client, accepting, admitted,
                onSessionClosed);
        live.add(session);
        try {
            client.newThread(sessionThreadName, session::run).start();
        } catch (RuntimeException | OutOfMemoryError e) {
            LOG.log(System.Logger.Level.ERROR, "listener '" + config.name() + "': cannot start a session thread: "
                    + e);
            session.terminate(true, TerminationCause.SHUTDOWN);
        }
    }

    /**
     * Takes up a session the process before this one handed over: counted against max-connections like an
     * accepted one (even past it: the connection exists), and started at once.
     *
     * @param build makes the session from its id and this listener's context and close callback
     */
    public ProxySession adopt(Adoption build) {
        permits.resize(-1);
        ProxySession session = build.session(SESSION_IDS.incrementAndGet(), context, onSessionClosed);
        live.add(session);
        counters.onAccepted();
        try {
            session.connections()[0].newThread(sessionThreadName, session::runAdopted).start();
        } catch (RuntimeException | OutOfMemoryError e) {
            LOG.log(System.Logger.Level.ERROR, "listener '" + config.name() + "': cannot start a session thread: "
                    + e);
            session.terminate(true, TerminationCause.SHUTDOWN);
        }
        return session;
    }

    /** How an adopted session is made, once the listener gives it an id and a context. */
    @FunctionalInterface
    public interface Adoption {
        ProxySession session(long id, SessionContext context, Consumer<ProxySession> onClosed);
    }

    private void sessionClosed(ProxySession session) {
        live.remove(session);
        awake.remove(session);
        permits.release();
        if (draining && live.isEmpty()) {
            drained.countDown();
        }
    }

    /**
     * Closes the listening socket and waits for the accept thread to end: new clients are refused, sessions
     * already accepted run on.
     */
    public void stopAccepting() throws InterruptedException {
        draining = true;
        endpoint.close();
        acceptor.interrupt();
        if (acceptor.isAlive()) {
            acceptor.join();
        }
        if (live.isEmpty()) {
            drained.countDown();
        }
    }

    /** Waits until every session has closed or the deadline passes; true if all closed. */
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        return drained.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Closes every session still open; {@code cause} says why, for the access log. */
    public int closeRemaining(TerminationCause cause) {
        int closed = 0;
        for (ProxySession session : live) {
            session.terminate(false, cause);
            closed++;
        }
        return closed;
    }

    static String hostPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
