package dev.weft.server;

import dev.weft.balance.RuntimeOverrides;
import dev.weft.config.BackendProtocol;
import dev.weft.config.HealthCheckType;
import dev.weft.config.ListenerConfig;
import dev.weft.config.ListenerProtocol;
import dev.weft.config.ProxyProtocolVersion;
import dev.weft.config.WeftConfig;
import dev.weft.metrics.AccessLog;
import dev.weft.tls.TlsBuffers;
import dev.weft.transport.BufferPool;
import dev.weft.transport.Transport;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every generation of a running Weft shares and no reload replaces: the transport, the buffer pools, the
 * access log and the runtime API's overrides. The TLS and PROXY-header pools are made the first time a
 * configuration needs them.
 */
final class ServerResources {
    /** Holds the longest PROXY header Weft reads or writes. */
    private static final int PROXY_HEADER_BUFFER = 4096;

    final Transport transport;
    final int poolCapacity;
    /** Null when the access log is off. */
    final AccessLog accessLog;
    final RuntimeOverrides overrides;
    /** The transport's small and bulk buffer pools, for the metrics. */
    private final List<BufferPool> copyBuffers;
    /** Listening sockets a previous process handed over, by listener name, until the first generation takes them. */
    private final Map<String, InheritedListener> inherited;
    private volatile TlsBuffers tlsBuffers;
    private volatile BufferPool headerBuffers;

    ServerResources(Transport transport, int poolCapacity, List<BufferPool> copyBuffers, AccessLog accessLog,
                    RuntimeOverrides overrides, Map<String, InheritedListener> inherited) {
        this.inherited = new ConcurrentHashMap<>(inherited);
        this.transport = transport;
        this.poolCapacity = poolCapacity;
        this.copyBuffers = copyBuffers;
        this.accessLog = accessLog;
        this.overrides = overrides;
    }

    /** Makes the pools {@code config} needs and no earlier one did. Called under the server's lock. */
    void provideFor(WeftConfig config) {
        if (usesTls(config) && tlsBuffers == null) {
            tlsBuffers = TlsBuffers.create(poolCapacity);
        }
        if (usesProxyProtocol(config) && headerBuffers == null) {
            headerBuffers = new BufferPool(PROXY_HEADER_BUFFER, poolCapacity);
        }
    }

    /** The socket handed over for {@code listener} at {@code address}, taken once; null if there is none. */
    InheritedListener takeInherited(String listener, InetSocketAddress address) {
        InheritedListener found = inherited.get(listener);
        if (found == null || !found.address().equals(address)) {
            return null;
        }
        inherited.remove(listener);
        return found;
    }

    /** Closes the handed-over sockets no listener took (the new configuration dropped or moved them). */
    void closeUntaken() {
        inherited.values().forEach(InheritedListener::close);
        inherited.clear();
    }

    TlsBuffers tlsBuffers() {
        return tlsBuffers;
    }

    BufferPool headerBuffers() {
        return headerBuffers;
    }

    /** Every pool in use, for the metrics. */
    List<BufferPool> pools() {
        List<BufferPool> pools = new ArrayList<>(copyBuffers);
        TlsBuffers tls = tlsBuffers;
        if (tls != null) {
            pools.add(tls.records());
            pools.add(tls.batches());
        }
        BufferPool headers = headerBuffers;
        if (headers != null) {
            pools.add(headers);
        }
        return pools;
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
}
