package dev.weft.server;

import dev.weft.balance.Backend;
import dev.weft.balance.RuntimeOverrides;
import dev.weft.config.ListenerConfig;
import dev.weft.config.WeftConfig;
import dev.weft.listener.Listener;
import dev.weft.metrics.AccessLog;
import dev.weft.metrics.Sample;
import dev.weft.proxy.IdleSweeper;
import dev.weft.proxy.MovedSession;
import dev.weft.proxy.ProxySession;
import dev.weft.proxy.TerminationCause;
import dev.weft.tls.ServerTls;
import dev.weft.transport.BufferPool;
import dev.weft.transport.Transport;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A running Weft, from start to shutdown: the current {@link Generation} (backends with their health checks, and
 * listeners, built from one {@link WeftConfig}), replaced whole by {@link #reload} without dropping a connection
 * (see {@link ReloadPlan}: either every new listener binds and the config is applied, or nothing changes and
 * {@link StartupException} says which listener failed and why), and the way out: {@link #drain} and
 * {@link #shutdown}, which first fail {@code /healthz} for {@code shutdown.grace} while still accepting, so that
 * a balancer in front has time to stop sending clients, then stop accepting and let open connections finish.
 */
public final class WeftServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("weft.server");
    /**
     * The most buffers (and pipes) each pool keeps for reuse. A pool's queue is an array of its full capacity,
     * made at start: at 2^20, five pools took 60 MB of heap before the first client. A buffer is out only while a
     * pump moves bytes (never while it waits for them), so 32,768 covers the bursts of far more connections than
     * an fd table holds here; one released into a full pool is dropped, and made again when needed.
     */
    private static final int MAX_POOLED_BUFFERS = 1 << 15;

    private final ServerResources resources;
    private final IdleSweeper idleSweeper;
    /** Listeners removed by a reload, whose connections are still draining. */
    private final List<Listener> retired = new CopyOnWriteArrayList<>();
    /** Backends removed by a reload whose endpoints still have connections, for the metrics. */
    private final List<Backend> removedBackends = new CopyOnWriteArrayList<>();
    /** Counted down to cut the grace period short: a second signal, or close(). */
    private final CountDownLatch hurry = new CountDownLatch(1);
    /** What the current config built; replaced whole by a reload. */
    private volatile Generation current = Generation.EMPTY;
    private volatile boolean stopped;
    /** Set the moment a drain or shutdown begins: /healthz fails from then on. */
    private volatile boolean draining;
    private boolean accepting = true;

    private WeftServer(ServerResources resources) {
        this.resources = resources;
        this.idleSweeper = new IdleSweeper(() -> sessionSets(Listener::sessions),
                () -> sessionSets(Listener::awakeSessions));
    }

    /** One set of sessions of every listener, current and retired, for the sweeper. */
    private List<Collection<ProxySession>> sessionSets(Function<Listener, Collection<ProxySession>> set) {
        List<Collection<ProxySession>> sets = new ArrayList<>();
        current.listeners().values().forEach(listener -> sets.add(set.apply(listener)));
        retired.forEach(listener -> sets.add(set.apply(listener)));
        return sets;
    }

    public static WeftServer start(WeftConfig config) throws StartupException {
        return start(config, new RuntimeOverrides());
    }

    public static WeftServer start(WeftConfig config, RuntimeOverrides overrides) throws StartupException {
        return start(config, overrides, Map.of());
    }

    /**
     * @param overrides endpoint states and weights set before start, from the state file
     * @param inherited listening sockets the process this one replaces handed over, by listener name: a listener
     *                  at the same address takes its socket instead of binding; the others are closed
     */
    public static WeftServer start(WeftConfig config, RuntimeOverrides overrides,
                                   Map<String, InheritedListener> inherited) throws StartupException {
        long sessions = config.listeners().values().stream().mapToLong(ListenerConfig::maxConnections).sum();
        int poolCapacity = (int) Math.min(MAX_POOLED_BUFFERS, 2 * sessions);
        Transport transport;
        BufferPool small = new BufferPool(config.io().smallBufferSize(), poolCapacity);
        BufferPool bulk = new BufferPool(config.io().bufferSize(), poolCapacity);
        try {
            transport = TransportFactory.create(config.io(), small, bulk, poolCapacity);
        } catch (IOException e) {
            throw new StartupException("cannot start the transport: " + e.getMessage(), e);
        }
        AccessLog accessLog = null;
        if (config.accessLog().enabled()) {
            try {
                accessLog = new AccessLog(config.accessLog().path(), config.accessLog().json(),
                        config.accessLog().sampleRate());
            } catch (IOException e) {
                transport.close();
                throw new StartupException("cannot open the access log " + config.accessLog().path() + ": "
                        + e.getMessage(), e);
            }
        }
        WeftServer server = new WeftServer(new ServerResources(transport, poolCapacity, List.of(small, bulk),
                accessLog, overrides, inherited));
        try {
            server.apply(config);
        } catch (StartupException e) {
            transport.close();
            throw e;
        } finally {
            server.resources.closeUntaken();
        }
        server.idleSweeper.restAfter(transport.nativeSockets() ? config.io().restAfter() : Duration.ZERO);
        server.idleSweeper.start();
        LOG.log(System.Logger.Level.INFO, "weft started with transport " + transport.name() + ", "
                + config.listeners().size() + " listener(s), " + config.backends().size() + " backend(s)");
        return server;
    }

    /**
     * Applies {@code next} without dropping an established connection: new listeners bind, removed ones stop
     * accepting while their connections drain (for up to {@code shutdown.drain-timeout}), kept ones take the new
     * settings for new connections, new endpoints receive, removed endpoints drain (for their backend's
     * {@code draining-timeout}); endpoint states set at runtime carry over. The {@code io} settings are the
     * transport's and stay as they started. If a new listener cannot bind or a certificate cannot be loaded,
     * nothing changes.
     *
     * @return one line that says what changed
     */
    public synchronized String reload(WeftConfig next) throws StartupException {
        if (draining) {
            throw new StartupException("weft is " + (stopped ? "shutting down" : "draining"), null);
        }
        String summary = apply(next);
        LOG.log(System.Logger.Level.INFO, "configuration reloaded: " + summary);
        return summary;
    }

    private String apply(WeftConfig next) throws StartupException {
        Generation previous = current;
        ReloadPlan plan = ReloadPlan.prepare(next, previous, resources);
        Generation generation = plan.commit();
        removedBackends.addAll(plan.removedBackends());
        for (Listener old : plan.removed()) {
            retire(old, next.shutdown().drainTimeout());
        }
        previous.stopWatching();
        previous.closeReplacedTls(generation);
        current = generation;
        idleSweeper.period(IdleSweeper.periodFor(ReloadPlan.shortestDeadline(next)));
        generation.startWatching();
        return plan.summary();
    }

    /**
     * Stops a removed listener accepting before the reload returns, and closes what is left of its connections
     * after the drain timeout.
     */
    private void retire(Listener listener, Duration drainTimeout) {
        retired.add(listener);
        try {
            listener.stopAccepting();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Thread.ofVirtual().name("weft-retire-" + listener.name()).start(() -> {
            try {
                listener.awaitDrained(drainTimeout);
                listener.closeRemaining(TerminationCause.DRAIN);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                retired.remove(listener);
            }
        });
    }

    /**
     * For a rolling restart: fails {@code /healthz} at once, goes on accepting for {@code shutdown.grace} so that
     * a balancer in front sees the failure before clients are refused, then stops accepting; open connections run
     * on. Returns at once; the process keeps running until it is told to stop.
     */
    public void drain() {
        synchronized (this) {
            if (draining) {
                return;
            }
            draining = true;
        }
        Duration grace = current.config().shutdown().grace();
        LOG.log(System.Logger.Level.INFO, "draining: /healthz fails now; accepting for " + grace.toMillis()
                + " ms more (shutdown.grace), then no new connections; open ones run on");
        Thread.ofVirtual().name("weft-drain").start(() -> {
            try {
                awaitGrace(grace);
                stopAccepting();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Waits out the grace period, or less if something hurries the shutdown. */
    private void awaitGrace(Duration grace) throws InterruptedException {
        hurry.await(grace.toNanos(), TimeUnit.NANOSECONDS);
    }

    private synchronized void stopAccepting() throws InterruptedException {
        if (!accepting) {
            return;
        }
        accepting = false;
        List<Listener> listeners = new ArrayList<>(current.listeners().values());
        listeners.addAll(retired);
        for (Listener listener : listeners) {
            listener.stopAccepting();
        }
    }

    /** True from the start of a drain or shutdown: {@code /healthz} answers 503. */
    public boolean draining() {
        return draining;
    }

    /**
     * Cuts a shutdown short, for a second SIGTERM: no more grace, and every open connection is closed now.
     */
    public void hurry() {
        hurry.countDown();
        List<Listener> listeners = new ArrayList<>(current.listeners().values());
        listeners.addAll(retired);
        listeners.forEach(listener -> listener.closeRemaining(TerminationCause.SHUTDOWN));
    }

    /** Every metric, in the Prometheus text format. */
    public String metrics() {
        return MetricsPage.render(metricsParts());
    }

    /** Every counter and gauge of {@link #metrics()}, for the counters file. */
    public List<Sample> samples() {
        return MetricsPage.samples(metricsParts());
    }

    private MetricsPage.Parts metricsParts() {
        Generation now = current;
        removedBackends.removeIf(backend -> backend.draining().isEmpty());
        return new MetricsPage.Parts(now.listeners().values(), now.serverTls(), now.backends().values(),
                removedBackends, resources.pools(), resources.transport, resources.accessLog, draining());
    }

    /** The configuration in use, as JSON, with passwords replaced. */
    public String configuration() {
        return current.config().rendered();
    }

    /** The configuration in use. */
    public WeftConfig config() {
        return current.config();
    }

    /** The access log, or null when it is off. */
    public AccessLog accessLog() {
        return resources.accessLog;
    }

    /** The endpoint states and weights the runtime API set, which reloads and the state file keep. */
    public RuntimeOverrides overrides() {
        return resources.overrides;
    }

    /** The TLS termination of a listener, or null if it does not terminate TLS. */
    public ServerTls serverTls(String listener) {
        return current.serverTls().get(listener);
    }

    public List<Listener> listeners() {
        return List.copyOf(current.listeners().values());
    }

    public Listener listener(String name) {
        Listener listener = current.listeners().get(name);
        if (listener == null) {
            throw new IllegalArgumentException("no listener '" + name + "'");
        }
        return listener;
    }

    /** The listening socket of every listener, to hand to the process that replaces this one. */
    public List<InheritedListener> listeningSockets() {
        List<InheritedListener> sockets = new ArrayList<>();
        for (Listener listener : current.listeners().values()) {
            if (listener.descriptor() >= 0) {
                // By its configured address, which the next process's configuration names too (port 0 and all).
                sockets.add(new InheritedListener(listener.name(), listener.config().bind().address(),
                        listener.descriptor()));
            }
        }
        return sockets;
    }

    /**
     * Takes up a session the process before this one handed over, with its two sockets: false, with both closed
     * (the peers see a FIN), when this configuration has no such listener, backend or endpoint any more.
     */
    public boolean adopt(MovedSession moved, int clientFd, int backendFd) {
        return SessionAdoption.adopt(current, resources.transport, moved, clientFd, backendFd);
    }

    /** Every open session, of current listeners and of those a reload removed that still drain. */
    public List<ProxySession> sessions() {
        List<ProxySession> sessions = new ArrayList<>();
        current.listeners().values().forEach(listener -> sessions.addAll(listener.sessions()));
        retired.forEach(listener -> sessions.addAll(listener.sessions()));
        return sessions;
    }

    public Transport transport() {
        return resources.transport;
    }

    public Backend backend(String name) {
        return current.backends().get(name);
    }

    public Collection<Backend> backends() {
        return current.backends().values();
    }

    /** Shuts down without a grace period. */
    public int shutdown(Duration drainTimeout) throws InterruptedException {
        return shutdown(Duration.ZERO, drainTimeout);
    }

    /**
     * Fails {@code /healthz} and goes on accepting for {@code grace} (less after {@link #hurry}), stops accepting,
     * lets open connections finish for up to {@code drainTimeout}, then closes the rest and stops health checks.
     * Returns the number of connections that had to be closed.
     */
    public int shutdown(Duration grace, Duration drainTimeout) throws InterruptedException {
        boolean graceLeft;
        synchronized (this) {
            if (stopped) {
                return 0;
            }
            stopped = true;
            graceLeft = !draining;
            draining = true;
        }
        if (graceLeft && !grace.isZero()) {
            LOG.log(System.Logger.Level.INFO, "shutting down: /healthz fails now; accepting for " + grace.toMillis()
                    + " ms more (shutdown.grace)");
            awaitGrace(grace);
        }
        stopAccepting();
        List<Listener> listeners = new ArrayList<>(current.listeners().values());
        listeners.addAll(retired);
        int open = listeners.stream().mapToInt(Listener::activeSessions).sum();
        LOG.log(System.Logger.Level.INFO, "stopped accepting; draining " + open + " connection(s) for up to "
                + drainTimeout.toMillis() + " ms");
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        for (Listener listener : listeners) {
            listener.awaitDrained(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        int closed = listeners.stream().mapToInt(listener -> listener.closeRemaining(TerminationCause.SHUTDOWN)).sum();
        if (closed > 0) {
            LOG.log(System.Logger.Level.WARNING, "drain timeout reached: closed " + closed + " connection(s)");
        } else {
            LOG.log(System.Logger.Level.INFO, "drained: every connection finished");
        }
        current.stopWatching();
        idleSweeper.close();
        resources.transport.close();
        if (resources.accessLog != null) {
            resources.accessLog.close();
        }
        return closed;
    }

    /** Shuts down without a grace period or a drain. */
    @Override
    public void close() throws InterruptedException {
        hurry.countDown();
        shutdown(Duration.ZERO, Duration.ZERO);
    }
}
