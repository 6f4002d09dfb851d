package dev.weft.server;

import dev.weft.balance.Backend;
import dev.weft.balance.BackendConnector;
import dev.weft.balance.DnsRefresher;
import dev.weft.balance.Endpoint;
import dev.weft.config.BackendConfig;
import dev.weft.config.BackendProtocol;
import dev.weft.config.BackendTlsConfig;
import dev.weft.config.HealthCheckType;
import dev.weft.config.ListenerConfig;
import dev.weft.config.ListenerProtocol;
import dev.weft.config.ProxyProtocolVersion;
import dev.weft.config.TlsEngineChoice;
import dev.weft.config.WeftConfig;
import dev.weft.health.HealthChecker;
import dev.weft.health.ProbeTarget;
import dev.weft.listener.Listener;
import dev.weft.metrics.AccessLog;
import dev.weft.metrics.Sample;
import dev.weft.proxy.AcceptProxyProtocol;
import dev.weft.proxy.Frontend;
import dev.weft.proxy.IdleSweeper;
import dev.weft.proxy.PlainFrontend;
import dev.weft.proxy.ProxySession;
import dev.weft.proxy.SniRouter;
import dev.weft.proxy.TerminationCause;
import dev.weft.proxy.TlsTermination;
import dev.weft.tls.CertificateWatcher;
import dev.weft.tls.ClientTls;
import dev.weft.tls.ServerTls;
import dev.weft.tls.TlsBuffers;
import dev.weft.transport.BufferPool;
import dev.weft.transport.ServerEndpoint;
import dev.weft.transport.Transport;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A running Weft: the backends with their health checks, and the listeners, built from one {@link WeftConfig},
 * and rebuilt from the next one by {@link #reload} without dropping a connection. Either every new listener binds
 * and the config is applied, or nothing changes and {@link StartupException} says which listener failed and why.
 */
public final class WeftServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("weft.server");
    private static final int MAX_POOLED_BUFFERS = 1 << 20;
    /** Holds the longest PROXY header Weft reads or writes. */
    private static final int PROXY_HEADER_BUFFER = 4096;

    private final Transport transport;
    private final int poolCapacity;
    /** The transport's small and bulk buffer pools, for the metrics. */
    private final List<BufferPool> copyBuffers;
    /** Null when the access log is off. Set at start; a reload does not change it. */
    private final AccessLog accessLog;
    private final IdleSweeper idleSweeper;
    /** Listeners removed by a reload, whose connections are still draining. */
    private final List<Listener> retired = new CopyOnWriteArrayList<>();
    private TlsBuffers tlsBuffers;
    private BufferPool headerBuffers;
    /** What the current config built; replaced whole by a reload. */
    private volatile Generation current = Generation.EMPTY;
    private volatile boolean stopped;
    private volatile boolean draining;

    /** Everything one config builds, to be started, and stopped when the next one replaces it. */
    private record Generation(WeftConfig config, Map<String, Backend> backends, Map<String, Listener> listeners,
                              Map<String, ServerTls> serverTls, Map<String, ClientTls> clientTls,
                              Map<String, ClientTls> probeTls, List<HealthChecker> healthCheckers,
                              List<CertificateWatcher> certificateWatchers, DnsRefresher dns) {
        static final Generation EMPTY = new Generation(null, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
                List.of(), List.of(), new DnsRefresher(List.of()));

        void stopWatching() {
            healthCheckers.forEach(HealthChecker::close);
            certificateWatchers.forEach(CertificateWatcher::close);
            dns.close();
        }
    }

    private WeftServer(Transport transport, int poolCapacity, List<BufferPool> copyBuffers, AccessLog accessLog) {
        this.transport = transport;
        this.accessLog = accessLog;
        this.copyBuffers = copyBuffers;
        this.poolCapacity = poolCapacity;
        this.idleSweeper = new IdleSweeper(() -> {
            List<Collection<ProxySession>> sessions = new ArrayList<>();
            current.listeners().values().forEach(listener -> sessions.add(listener.sessions()));
            retired.forEach(listener -> sessions.add(listener.sessions()));
            return sessions;
        });
    }

    public static WeftServer start(WeftConfig config) throws StartupException {
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
        WeftServer server = new WeftServer(transport, poolCapacity, List.of(small, bulk), accessLog);
        try {
            server.apply(config);
        } catch (StartupException e) {
            transport.close();
            throw e;
        }
        server.idleSweeper.start();
        LOG.log(System.Logger.Level.INFO, "weft started with transport " + transport.name() + ", "
                + config.listeners().size() + " listener(s), " + config.backends().size() + " backend(s)");
        return server;
    }

    /**
     * Applies {@code next} without dropping an established connection: new listeners bind, removed ones stop
     * accepting while their connections drain (for up to {@code shutdown.drain-timeout}), kept ones take the new
     * settings for new connections, new endpoints receive, removed endpoints drain (for their backend's
     * {@code draining-timeout}). The {@code io} settings are the transport's and stay as they started. If a new
     * listener cannot bind or a certificate cannot be loaded, nothing changes.
     *
     * @return one line that says what changed
     */
    public synchronized String reload(WeftConfig next) throws StartupException {
        if (stopped) {
            throw new StartupException("weft is shutting down", null);
        }
        String summary = apply(next);
        LOG.log(System.Logger.Level.INFO, "configuration reloaded: " + summary);
        return summary;
    }

    private String apply(WeftConfig next) throws StartupException {
        Generation previous = current;
        if (usesTls(next) && tlsBuffers == null) {
            tlsBuffers = TlsBuffers.create(poolCapacity);
        }
        if (usesProxyProtocol(next) && headerBuffers == null) {
            headerBuffers = new BufferPool(PROXY_HEADER_BUFFER, poolCapacity);
        }
        // Everything that can fail comes first, before anything running is touched.
        Map<String, ServerTls> serverTls = new LinkedHashMap<>();
        Map<String, ClientTls> clientTls = new LinkedHashMap<>();
        Map<String, ClientTls> probeTls = new LinkedHashMap<>();
        Map<String, ServerEndpoint> bound = new LinkedHashMap<>();
        try {
            checkTcpOptions(next);
            for (ListenerConfig listener : next.listeners().values()) {
                if (listener.tls() != null) {
                    ServerTls kept = previous.serverTls().get(listener.name());
                    serverTls.put(listener.name(), kept != null && kept.config().equals(listener.tls()) ? kept
                            : TlsEngines.serverTls(listener, transport.nativeSockets(), tlsBuffers));
                }
            }
            for (BackendConfig backend : next.backends().values()) {
                ClientTls own = TlsEngines.clientTls(backend, transport.nativeSockets(), tlsBuffers);
                clientTls.put(backend.name(), own);
                probeTls.put(backend.name(), TlsEngines.probeTls(backend, own, transport.nativeSockets(),
                        tlsBuffers));
            }
            for (ListenerConfig listener : next.listeners().values()) {
                if (!keeps(previous, listener)) {
                    bound.put(listener.name(), bind(listener));
                }
            }
        } catch (StartupException e) {
            bound.values().forEach(ServerEndpoint::close);
            serverTls.forEach((name, tls) -> {
                if (previous.serverTls().get(name) != tls) {
                    tls.close();
                }
            });
            TlsEngines.closeAll(clientTls, probeTls);
            throw e;
        }

        Map<String, Backend> backends = new LinkedHashMap<>();
        Map<String, BackendConnector> connectors = new LinkedHashMap<>();
        for (BackendConfig config : next.backends().values()) {
            Backend backend = new Backend(config, previous.backends().get(config.name()));
            backends.put(config.name(), backend);
            connectors.put(config.name(), new BackendConnector(backend, transport, clientTls.get(config.name()),
                    headerBuffers));
        }
        previous.backends().forEach((name, backend) -> backend.retireAllBut(backends.get(name)));
        // Before any listener starts: a client accepted at once must find its DNS groups filled.
        DnsRefresher dns = new DnsRefresher(List.copyOf(backends.values()));
        dns.resolveAll();

        Map<String, Listener> listeners = new LinkedHashMap<>();
        int added = 0;
        for (ListenerConfig config : next.listeners().values()) {
            Frontend frontend = frontend(config, connectors, serverTls.get(config.name()));
            if (bound.containsKey(config.name())) {
                Listener listener = new Listener(config, bound.get(config.name()), frontend, transport.pump(),
                        accessLog);
                listeners.put(config.name(), listener);
                listener.start();
                added++;
            } else {
                Listener kept = previous.listeners().get(config.name());
                kept.reconfigure(config, frontend);
                listeners.put(config.name(), kept);
            }
        }
        int removed = 0;
        for (Listener old : previous.listeners().values()) {
            if (listeners.get(old.name()) != old) {
                retire(old, next.shutdown().drainTimeout());
                removed++;
            }
        }

        previous.stopWatching();
        previous.serverTls().forEach((name, tls) -> {
            if (serverTls.get(name) != tls) {
                tls.close();
            }
        });
        // Made afresh for every generation; connections still open hold what they use until they end.
        TlsEngines.closeAll(previous.clientTls(), previous.probeTls());
        Generation generation = new Generation(next, Map.copyOf(backends), Collections.unmodifiableMap(listeners),
                Collections.unmodifiableMap(serverTls), Map.copyOf(TlsEngines.present(clientTls)),
                Map.copyOf(TlsEngines.present(probeTls)), healthCheckers(backends, probeTls),
                serverTls.entrySet().stream().map(e -> new CertificateWatcher(e.getKey(), e.getValue())).toList(),
                dns);
        current = generation;
        idleSweeper.period(IdleSweeper.periodFor(shortestDeadline(next)));
        generation.healthCheckers().forEach(HealthChecker::start);
        generation.certificateWatchers().forEach(CertificateWatcher::start);
        generation.dns().start();
        return listeners.size() + " listener(s) (" + added + " new, " + removed + " removed), " + backends.size()
                + " backend(s)";
    }

    /** True when a running listener can keep its socket for {@code config}: the same address. */
    private static boolean keeps(Generation previous, ListenerConfig config) {
        Listener listener = previous.listeners().get(config.name());
        return listener != null && listener.config().bind().equals(config.bind());
    }

    /** TCP settings the transport cannot apply are a startup error, not a failure at every connect. */
    private void checkTcpOptions(WeftConfig next) throws StartupException {
        for (ListenerConfig listener : next.listeners().values()) {
            String why = transport.unsupported(listener.tcp());
            if (why != null) {
                throw new StartupException("listener '" + listener.name() + "': " + why, null);
            }
        }
        for (BackendConfig backend : next.backends().values()) {
            String why = transport.unsupported(backend.tcp());
            if (why != null) {
                throw new StartupException("backend '" + backend.name() + "': " + why, null);
            }
        }
    }

    private ServerEndpoint bind(ListenerConfig listener) throws StartupException {
        try {
            ServerEndpoint endpoint = transport.listen(listener.bind().address(), listener.backlog(),
                    listener.reusePort());
            try {
                endpoint.clientOptions(listener.tcp());
            } catch (IOException e) {
                endpoint.close();
                throw e;
            }
            return endpoint;
        } catch (IOException e) {
            throw new StartupException("listener '" + listener.name() + "': cannot bind " + listener.bind() + ": "
                    + e.getMessage(), e);
        }
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

    private List<HealthChecker> healthCheckers(Map<String, Backend> backends, Map<String, ClientTls> probeTls)
            throws StartupException {
        List<HealthChecker> checkers = new ArrayList<>();
        for (Backend backend : backends.values()) {
            BackendConfig config = backend.config();
            if (config.healthCheck().enabled()) {
                Supplier<List<ProbeTarget>> targets = () -> backend.endpoints().stream()
                        .map(endpoint -> new ProbeTarget(endpoint.address(), endpoint.health())).toList();
                checkers.add(new HealthChecker(backend.name(), config.healthCheck(), targets, transport,
                        config.proxyProtocol(), probeTls.get(config.name())));
            }
        }
        return checkers;
    }

    private static boolean usesTls(WeftConfig config) {
        return config.listeners().values().stream().anyMatch(l -> l.protocol() != ListenerProtocol.TCP)
                || config.backends().values().stream().anyMatch(b -> b.protocol() == BackendProtocol.TLS
                || b.healthCheck().type() == HealthCheckType.TLS);
    }

    private static boolean usesProxyProtocol(WeftConfig config) {
        return config.listeners().values().stream().anyMatch(ListenerConfig::acceptProxyProtocol)
                || config.backends().values().stream().anyMatch(b -> b.proxyProtocol() != ProxyProtocolVersion.NONE);
    }

    private Frontend frontend(ListenerConfig listener, Map<String, BackendConnector> connectors, ServerTls tls) {
        Frontend frontend = switch (listener.protocol()) {
            case TCP -> new PlainFrontend(connectors.get(listener.backend()));
            case TLS -> new TlsTermination(tls, connectors.get(listener.backend()));
            case TLS_PASSTHROUGH -> new SniRouter(listener.routes(), connectors, tlsBuffers.records());
        };
        return listener.acceptProxyProtocol()
                ? new AcceptProxyProtocol(frontend, headerBuffers, listener.proxyProtocolTimeout()) : frontend;
    }

    /** The shortest idle timeout, handshake timeout or ClientHello timeout: the sweeper's scale. */
    private static Duration shortestDeadline(WeftConfig config) {
        List<Duration> deadlines = new ArrayList<>();
        for (BackendConfig backend : config.backends().values()) {
            deadlines.add(backend.idleTimeout());
            deadlines.add(backend.lifetime().maxLifetime());
            deadlines.add(backend.lifetime().halfClosedTimeout());
            if (backend.tls() != null) {
                deadlines.add(backend.tls().handshakeTimeout());
            }
        }
        for (ListenerConfig listener : config.listeners().values()) {
            if (listener.tls() != null) {
                deadlines.add(listener.tls().handshakeTimeout());
            }
            if (listener.routes() != null) {
                deadlines.add(listener.routes().clientHelloTimeout());
            }
            if (listener.acceptProxyProtocol()) {
                deadlines.add(listener.proxyProtocolTimeout());
            }
        }
        return deadlines.stream().filter(d -> !d.isZero()).min(Duration::compareTo).orElse(Duration.ofHours(1));
    }

    /**
     * Stops accepting on every listener and lets open connections run on, for a rolling restart: a balancer in
     * front sees {@link #draining()} (through {@code /healthz}) and sends new clients elsewhere. The process
     * keeps running until it is told to stop.
     */
    public synchronized void drain() throws InterruptedException {
        if (draining || stopped) {
            return;
        }
        draining = true;
        LOG.log(System.Logger.Level.INFO, "draining: no new connections; open ones run on");
        for (Listener listener : current.listeners().values()) {
            listener.stopAccepting();
        }
    }

    public boolean draining() {
        return draining || stopped;
    }

    /** Every metric, in the Prometheus text format. */
    public String metrics() {
        Generation now = current;
        return MetricsPage.render(now.listeners().values(), now.serverTls(), now.backends().values(), pools(),
                transport, accessLog, draining());
    }

    private List<BufferPool> pools() {
        List<BufferPool> pools = new ArrayList<>(copyBuffers);
        if (tlsBuffers != null) {
            pools.add(tlsBuffers.records());
            pools.add(tlsBuffers.batches());
        }
        if (headerBuffers != null) {
            pools.add(headerBuffers);
        }
        return pools;
    }

    /** Every counter and gauge of {@link #metrics()}, for the counters file. */
    public List<Sample> samples() {
        Generation now = current;
        return MetricsPage.samples(now.listeners().values(), now.serverTls(), now.backends().values(), pools(),
                transport, accessLog, draining());
    }

    /** The configuration in use, as JSON, with passwords replaced. */
    public String configuration() {
        return current.config().rendered();
    }

    /** The access log, or null when it is off. */
    public AccessLog accessLog() {
        return accessLog;
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

    public Transport transport() {
        return transport;
    }

    public Backend backend(String name) {
        return current.backends().get(name);
    }

    /**
     * Stops accepting on every listener, lets open connections finish for up to {@code drainTimeout}, then closes
     * the rest and stops health checks. Returns the number of connections that had to be closed.
     */
    public synchronized int shutdown(Duration drainTimeout) throws InterruptedException {
        if (stopped) {
            return 0;
        }
        stopped = true;
        List<Listener> listeners = new ArrayList<>(current.listeners().values());
        listeners.addAll(retired);
        for (Listener listener : listeners) {
            listener.stopAccepting();
        }
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
        transport.close();
        if (accessLog != null) {
            accessLog.close();
        }
        return closed;
    }

    /** Shuts down without a grace period. */
    @Override
    public void close() throws InterruptedException {
        shutdown(Duration.ZERO);
    }
}
