package dev.weft.server;

import dev.weft.balance.Backend;
import dev.weft.balance.BackendConnector;
import dev.weft.balance.DnsRefresher;
import dev.weft.balance.EndpointState;
import dev.weft.config.BackendConfig;
import dev.weft.config.ListenerConfig;
import dev.weft.config.WeftConfig;
import dev.weft.health.HealthChecker;
import dev.weft.health.ProbeTarget;
import dev.weft.listener.Listener;
import dev.weft.proxy.AcceptProxyProtocol;
import dev.weft.proxy.Frontend;
import dev.weft.proxy.PlainFrontend;
import dev.weft.proxy.SniRouter;
import dev.weft.proxy.TlsTermination;
import dev.weft.tls.CertificateWatcher;
import dev.weft.tls.ClientTls;
import dev.weft.tls.ServerTls;
import dev.weft.transport.ServerEndpoint;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Going from one generation to the next in two steps. {@link #prepare} does everything that can fail (TCP
 * settings the transport cannot apply, certificates, binding new addresses) and touches nothing running; if it
 * throws, nothing changed. {@link #commit} cannot fail: it builds the backends (carrying endpoints over by
 * address), starts the new listeners, hands kept ones their new settings, and names the ones to retire.
 */
final class ReloadPlan {
    private final WeftConfig next;
    private final Generation previous;
    private final ServerResources resources;
    private final Map<String, ServerTls> serverTls;
    private final Map<String, ClientTls> clientTls;
    private final Map<String, ClientTls> probeTls;
    private final Map<String, ServerEndpoint> bound;
    /** Listeners of the previous generation that the next one does not keep; filled by {@link #commit}. */
    private final List<Listener> removed = new ArrayList<>();
    /** Backends of the previous generation that the next one does not have; filled by {@link #commit}. */
    private final List<Backend> removedBackends = new ArrayList<>();
    private int added;

    private ReloadPlan(WeftConfig next, Generation previous, ServerResources resources,
                       Map<String, ServerTls> serverTls, Map<String, ClientTls> clientTls,
                       Map<String, ClientTls> probeTls, Map<String, ServerEndpoint> bound) {
        this.next = next;
        this.previous = previous;
        this.resources = resources;
        this.serverTls = serverTls;
        this.clientTls = clientTls;
        this.probeTls = probeTls;
        this.bound = bound;
    }

    static ReloadPlan prepare(WeftConfig next, Generation previous, ServerResources resources)
            throws StartupException {
        resources.provideFor(next);
        boolean nativeSockets = resources.transport.nativeSockets();
        Map<String, ServerTls> serverTls = new LinkedHashMap<>();
        Map<String, ClientTls> clientTls = new LinkedHashMap<>();
        Map<String, ClientTls> probeTls = new LinkedHashMap<>();
        Map<String, ServerEndpoint> bound = new LinkedHashMap<>();
        try {
            checkTcpOptions(next, resources);
            for (ListenerConfig listener : next.listeners().values()) {
                if (listener.tls() != null) {
                    ServerTls kept = previous.serverTls().get(listener.name());
                    serverTls.put(listener.name(), kept != null && kept.config().equals(listener.tls()) ? kept
                            : TlsEngines.serverTls(listener, nativeSockets, resources.tlsBuffers()));
                }
            }
            for (BackendConfig backend : next.backends().values()) {
                ClientTls own = TlsEngines.clientTls(backend, nativeSockets, resources.tlsBuffers());
                clientTls.put(backend.name(), own);
                probeTls.put(backend.name(), TlsEngines.probeTls(backend, own, nativeSockets,
                        resources.tlsBuffers()));
            }
            for (ListenerConfig listener : next.listeners().values()) {
                if (!keeps(previous, listener)) {
                    bound.put(listener.name(), bind(listener, resources));
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
        return new ReloadPlan(next, previous, resources, serverTls, clientTls, probeTls, bound);
    }

    /** Builds and starts the next generation; the caller makes it current, then retires {@link #removed}. */
    Generation commit() {
        Map<String, Backend> backends = new LinkedHashMap<>();
        Map<String, BackendConnector> connectors = new LinkedHashMap<>();
        for (BackendConfig config : next.backends().values()) {
            Backend backend = new Backend(config, previous.backends().get(config.name()), resources.overrides);
            backends.put(config.name(), backend);
            connectors.put(config.name(), new BackendConnector(backend, resources.transport,
                    clientTls.get(config.name()), resources.headerBuffers()));
        }
        previous.backends().forEach((name, backend) -> {
            Backend next = backends.get(name);
            backend.retireAllBut(next);
            if (next == null) {
                removedBackends.add(backend);
            }
        });
        // Before any listener starts: a client accepted at once must find its DNS groups filled.
        DnsRefresher dns = new DnsRefresher(List.copyOf(backends.values()));
        dns.resolveAll();

        Map<String, Listener> listeners = new LinkedHashMap<>();
        for (ListenerConfig config : next.listeners().values()) {
            Frontend frontend = frontend(config, connectors, serverTls.get(config.name()));
            if (bound.containsKey(config.name())) {
                Listener listener = new Listener(config, bound.get(config.name()), frontend,
                        resources.transport.pump(), resources.accessLog);
                listeners.put(config.name(), listener);
                listener.start();
                added++;
            } else {
                Listener kept = previous.listeners().get(config.name());
                kept.reconfigure(config, frontend);
                listeners.put(config.name(), kept);
            }
        }
        for (Listener old : previous.listeners().values()) {
            if (listeners.get(old.name()) != old) {
                removed.add(old);
            }
        }
        return new Generation(next, Map.copyOf(backends), Map.copyOf(connectors), Collections.unmodifiableMap(listeners),
                Collections.unmodifiableMap(serverTls), Map.copyOf(TlsEngines.present(clientTls)),
                Map.copyOf(TlsEngines.present(probeTls)), healthCheckers(backends),
                serverTls.entrySet().stream().map(e -> new CertificateWatcher(e.getKey(), e.getValue())).toList(),
                dns);
    }

    List<Listener> removed() {
        return removed;
    }

    List<Backend> removedBackends() {
        return removedBackends;
    }

    /** One line that says what changed. */
    String summary() {
        return next.listeners().size() + " listener(s) (" + added + " new, " + removed.size() + " removed), "
                + next.backends().size() + " backend(s)";
    }

    /** True when a running listener can keep its socket for {@code config}: the same address. */
    private static boolean keeps(Generation previous, ListenerConfig config) {
        Listener listener = previous.listeners().get(config.name());
        return listener != null && listener.config().bind().equals(config.bind());
    }

    /** TCP settings the transport cannot apply are a startup error, not a failure at every connect. */
    private static void checkTcpOptions(WeftConfig next, ServerResources resources) throws StartupException {
        for (ListenerConfig listener : next.listeners().values()) {
            String why = resources.transport.unsupported(listener.tcp());
            if (why != null) {
                throw new StartupException("listener '" + listener.name() + "': " + why, null);
            }
        }
        for (BackendConfig backend : next.backends().values()) {
            String why = resources.transport.unsupported(backend.tcp());
            if (why != null) {
                throw new StartupException("backend '" + backend.name() + "': " + why, null);
            }
        }
    }

    private static ServerEndpoint bind(ListenerConfig listener, ServerResources resources) throws StartupException {
        InheritedListener inherited = resources.takeInherited(listener.name(), listener.bind().address());
        if (inherited != null) {
            try {
                ServerEndpoint endpoint = resources.transport.adoptListener(inherited.fd());
                endpoint.clientOptions(listener.tcp());
                return endpoint;
            } catch (IOException e) {
                inherited.close();
                throw new StartupException("listener '" + listener.name() + "': cannot take over the socket of "
                        + listener.bind() + " from the previous process: " + e.getMessage(), e);
            }
        }
        try {
            ServerEndpoint endpoint = resources.transport.listen(listener.bind().address(), listener.backlog(),
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

    /** Probes for every endpoint but those an operator put in maintenance, followed as they change. */
    private List<HealthChecker> healthCheckers(Map<String, Backend> backends) {
        List<HealthChecker> checkers = new ArrayList<>();
        for (Backend backend : backends.values()) {
            BackendConfig config = backend.config();
            if (config.healthCheck().enabled()) {
                Supplier<List<ProbeTarget>> targets = () -> backend.endpoints().stream()
                        .filter(endpoint -> endpoint.state() != EndpointState.MAINT)
                        .map(endpoint -> new ProbeTarget(endpoint.address(), endpoint.health())).toList();
                checkers.add(new HealthChecker(backend.name(), config.healthCheck(), targets, resources.transport,
                        config.proxyProtocol(), probeTls.get(config.name())));
            }
        }
        return checkers;
    }

    private Frontend frontend(ListenerConfig listener, Map<String, BackendConnector> connectors, ServerTls tls) {
        Frontend frontend = switch (listener.protocol()) {
            case TCP -> new PlainFrontend(connectors.get(listener.backend()));
            case TLS -> new TlsTermination(tls, connectors.get(listener.backend()));
            case TLS_PASSTHROUGH -> new SniRouter(listener.routes(), connectors, resources.tlsBuffers().records());
        };
        return listener.acceptProxyProtocol()
                ? new AcceptProxyProtocol(frontend, resources.headerBuffers(), listener.proxyProtocolTimeout())
                : frontend;
    }

    /**
     * The shortest idle timeout, lifetime, handshake, ClientHello or PROXY-header timeout: the scale of the
     * sweeper's full sweeps ({@code io.rest-after} sets that of its rest sweeps, which see only awake sessions).
     */
    static Duration shortestDeadline(WeftConfig config) {
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
}
