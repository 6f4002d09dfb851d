package dev.weft.server;

import dev.weft.balance.Backend;
import dev.weft.balance.BackendConnector;
import dev.weft.balance.DnsRefresher;
import dev.weft.balance.Endpoint;
import dev.weft.config.BackendConfig;
import dev.weft.config.BackendProtocol;
import dev.weft.config.BackendTlsConfig;
import dev.weft.config.ListenerConfig;
import dev.weft.config.HealthCheckType;
import dev.weft.config.ListenerProtocol;
import dev.weft.config.ProxyProtocolVersion;
import dev.weft.config.WeftConfig;
import dev.weft.health.HealthChecker;
import dev.weft.health.ProbeTarget;
import dev.weft.listener.Listener;
import dev.weft.proxy.Frontend;
import dev.weft.proxy.IdleSweeper;
import dev.weft.proxy.PlainFrontend;
import dev.weft.proxyprotocol.AcceptProxyProtocol;
import dev.weft.proxy.SessionContext;
import dev.weft.tls.CertificateWatcher;
import dev.weft.tls.ClientTls;
import dev.weft.tls.ServerTls;
import dev.weft.tls.SniRouter;
import dev.weft.tls.TlsBuffers;
import dev.weft.tls.TlsTermination;
import dev.weft.transport.BufferPool;
import dev.weft.transport.ServerEndpoint;
import dev.weft.transport.Transport;
import dev.weft.transport.TransportFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * A running Weft: the backends with their health checks, and the listeners, built from one {@link WeftConfig}.
 * Either every listener binds and the server starts, or nothing is left bound and {@link StartupException} says
 * which listener failed and why.
 */
public final class WeftServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("weft.server");
    private static final int MAX_POOLED_BUFFERS = 1 << 20;
    /** Holds the longest PROXY header Weft reads or writes. */
    private static final int PROXY_HEADER_BUFFER = 4096;

    private final Map<String, Backend> backends;
    private final List<HealthChecker> healthCheckers;
    private final List<Listener> listeners;
    private final IdleSweeper idleSweeper;
    private final List<CertificateWatcher> certificateWatchers;
    private final Map<String, ServerTls> serverTls;
    private final DnsRefresher dns;
    private final Transport transport;
    private volatile boolean stopped;

    private WeftServer(Map<String, Backend> backends, List<HealthChecker> healthCheckers, List<Listener> listeners,
                       IdleSweeper idleSweeper, Map<String, ServerTls> serverTls, DnsRefresher dns,
                       Transport transport) {
        this.dns = dns;
        this.transport = transport;
        this.serverTls = serverTls;
        this.certificateWatchers = serverTls.entrySet().stream()
                .map(e -> new CertificateWatcher(e.getKey(), e.getValue())).toList();
        this.backends = backends;
        this.healthCheckers = healthCheckers;
        this.listeners = listeners;
        this.idleSweeper = idleSweeper;
    }

    public static WeftServer start(WeftConfig config) throws StartupException {
        long sessions = config.listeners().values().stream().mapToLong(ListenerConfig::maxConnections).sum();
        int poolCapacity = (int) Math.min(MAX_POOLED_BUFFERS, 2 * sessions);
        Transport transport;
        try {
            transport = TransportFactory.create(config.io(), new BufferPool(config.io().smallBufferSize(),
                    poolCapacity), new BufferPool(config.io().bufferSize(), poolCapacity), poolCapacity);
        } catch (IOException e) {
            throw new StartupException("cannot start the transport: " + e.getMessage(), e);
        }

        TlsBuffers tlsBuffers = usesTls(config) ? TlsBuffers.create(poolCapacity) : null;
        BufferPool headerBuffers = usesProxyProtocol(config) ? new BufferPool(PROXY_HEADER_BUFFER, poolCapacity) : null;
        Map<String, Backend> backends = new LinkedHashMap<>();
        Map<String, BackendConnector> connectors = new LinkedHashMap<>();
        List<HealthChecker> healthCheckers = new ArrayList<>();
        for (BackendConfig backendConfig : config.backends().values()) {
            Backend backend = new Backend(backendConfig);
            backends.put(backend.name(), backend);
            ClientTls backendTls = clientTls(backendConfig, transport);
            connectors.put(backend.name(), new BackendConnector(backend, transport, backendTls, tlsBuffers,
                    headerBuffers));
            if (backendConfig.healthCheck().enabled()) {
                Supplier<List<ProbeTarget>> targets = () -> backend.endpoints().stream()
                        .map(endpoint -> new ProbeTarget(endpoint.address(), endpoint.health())).toList();
                healthCheckers.add(new HealthChecker(backend.name(), backendConfig.healthCheck(), targets, transport,
                        backendConfig.proxyProtocol(), probeTls(backendConfig, backendTls, transport), tlsBuffers));
            }
        }

        Map<String, ServerTls> serverTls = new LinkedHashMap<>();
        List<Listener> listeners = new ArrayList<>();
        for (ListenerConfig listenerConfig : config.listeners().values()) {
            Frontend frontend;
            try {
                frontend = frontend(listenerConfig, connectors, tlsBuffers, serverTls);
                if (listenerConfig.acceptProxyProtocol()) {
                    frontend = new AcceptProxyProtocol(frontend, headerBuffers, listenerConfig.proxyProtocolTimeout());
                }
            } catch (IOException e) {
                listeners.forEach(Listener::closeUnstarted);
                transport.close();
                throw new StartupException("listener '" + listenerConfig.name() + "': " + e.getMessage(), e);
            }
            ServerEndpoint endpoint;
            try {
                endpoint = transport.listen(listenerConfig.bind().address(), listenerConfig.backlog());
            } catch (IOException e) {
                listeners.forEach(Listener::closeUnstarted);
                transport.close();
                throw new StartupException("listener '" + listenerConfig.name() + "': cannot bind "
                        + listenerConfig.bind() + ": " + e.getMessage(), e);
            }
            Semaphore handshakes = new Semaphore(listenerConfig.tls() != null
                    ? listenerConfig.tls().maxConcurrentHandshakes() : Integer.MAX_VALUE);
            listeners.add(new Listener(listenerConfig, endpoint,
                    new SessionContext(listenerConfig.name(), frontend, transport.pump(), handshakes)));
        }
        IdleSweeper idleSweeper = new IdleSweeper(IdleSweeper.periodFor(shortestDeadline(config)),
                listeners.stream().map(Listener::sessions).toList());

        DnsRefresher dns = new DnsRefresher(List.copyOf(backends.values()));
        dns.resolveAll();
        healthCheckers.forEach(HealthChecker::start);
        dns.start();
        listeners.forEach(Listener::start);
        idleSweeper.start();
        WeftServer server = new WeftServer(Map.copyOf(backends), List.copyOf(healthCheckers),
                List.copyOf(listeners), idleSweeper, Collections.unmodifiableMap(serverTls), dns, transport);
        server.certificateWatchers.forEach(CertificateWatcher::start);
        LOG.log(System.Logger.Level.INFO, "weft started with transport " + transport.name() + ", "
                + listeners.size() + " listener(s), " + backends.size() + " backend(s)");
        return server;
    }

    private static boolean usesTls(WeftConfig config) {
        return config.listeners().values().stream().anyMatch(l -> l.protocol() != ListenerProtocol.TCP)
                || config.backends().values().stream().anyMatch(b -> b.protocol() == BackendProtocol.TLS
                || b.healthCheck().type() == HealthCheckType.TLS);
    }

    /**
     * The TLS client of {@code type = tls} probes: the backend's own, or, for a plain TCP backend, one that
     * only checks that the endpoint completes a handshake.
     */
    private static ClientTls probeTls(BackendConfig backend, ClientTls backendTls, Transport transport)
            throws StartupException {
        if (backend.healthCheck().type() != HealthCheckType.TLS) {
            return null;
        }
        if (backendTls != null) {
            return backendTls;
        }
        try {
            return ClientTls.create(backend.name(), new BackendTlsConfig(BackendTlsConfig.Trust.INSECURE, null, null,
                    null, backend.healthCheck().timeout()));
        } catch (IOException e) {
            transport.close();
            throw new StartupException(e.getMessage(), e);
        }
    }

    private static boolean usesProxyProtocol(WeftConfig config) {
        return config.listeners().values().stream().anyMatch(ListenerConfig::acceptProxyProtocol)
                || config.backends().values().stream().anyMatch(b -> b.proxyProtocol() != ProxyProtocolVersion.NONE);
    }

    private static ClientTls clientTls(BackendConfig backend, Transport transport) throws StartupException {
        if (backend.protocol() != BackendProtocol.TLS) {
            return null;
        }
        if (backend.tls().trust() == BackendTlsConfig.Trust.INSECURE) {
            LOG.log(System.Logger.Level.WARNING, "backend '" + backend.name() + "': tls.trust = insecure: the "
                    + "backends' certificates are not verified");
        }
        try {
            return ClientTls.create(backend.name(), backend.tls());
        } catch (IOException e) {
            transport.close();
            throw new StartupException(e.getMessage(), e);
        }
    }

    private static Frontend frontend(ListenerConfig listener, Map<String, BackendConnector> connectors,
                                     TlsBuffers tlsBuffers, Map<String, ServerTls> serverTls) throws IOException {
        return switch (listener.protocol()) {
            case TCP -> new PlainFrontend(connectors.get(listener.backend()));
            case TLS -> {
                ServerTls tls = ServerTls.create(listener.name(), listener.tls(), warning ->
                        LOG.log(System.Logger.Level.WARNING, "listener '" + listener.name() + "': " + warning));
                serverTls.put(listener.name(), tls);
                yield new TlsTermination(tls, tlsBuffers, connectors.get(listener.backend()));
            }
            case TLS_PASSTHROUGH -> new SniRouter(listener.routes(), connectors, tlsBuffers.records());
        };
    }

    /** The shortest idle timeout, handshake timeout or ClientHello timeout: the sweeper's scale. */
    private static Duration shortestDeadline(WeftConfig config) {
        List<Duration> deadlines = new ArrayList<>();
        for (BackendConfig backend : config.backends().values()) {
            deadlines.add(backend.idleTimeout());
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

    /** The TLS termination of a listener, or null if it does not terminate TLS. */
    public ServerTls serverTls(String listener) {
        return serverTls.get(listener);
    }

    public List<Listener> listeners() {
        return listeners;
    }

    public Listener listener(String name) {
        return listeners.stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no listener '" + name + "'"));
    }

    public Transport transport() {
        return transport;
    }

    public Backend backend(String name) {
        return backends.get(name);
    }

    /**
     * Stops accepting on every listener, lets open connections finish for up to {@code drainTimeout}, then closes
     * the rest and stops health checks. Returns the number of connections that had to be closed.
     */
    public int shutdown(Duration drainTimeout) throws InterruptedException {
        if (stopped) {
            return 0;
        }
        stopped = true;
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
        int closed = listeners.stream().mapToInt(Listener::closeRemaining).sum();
        if (closed > 0) {
            LOG.log(System.Logger.Level.WARNING, "drain timeout reached: closed " + closed + " connection(s)");
        } else {
            LOG.log(System.Logger.Level.INFO, "drained: every connection finished");
        }
        healthCheckers.forEach(HealthChecker::close);
        dns.close();
        certificateWatchers.forEach(CertificateWatcher::close);
        idleSweeper.close();
        transport.close();
        return closed;
    }

    /** Shuts down without a grace period. */
    @Override
    public void close() throws InterruptedException {
        shutdown(Duration.ZERO);
    }
}
