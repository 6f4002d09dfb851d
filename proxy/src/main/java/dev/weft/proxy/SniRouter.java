package dev.weft.proxy;

import dev.weft.balance.BackendConnector;
import dev.weft.config.SniRoutes;
import dev.weft.log.LogText;
import dev.weft.log.RateLimitedLog;
import dev.weft.proxyprotocol.TlsDetails;
import dev.weft.tls.ClientHello;
import dev.weft.transport.BufferPool;
import dev.weft.transport.StreamConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code protocol = tls-passthrough}: reads the client's ClientHello (no more than {@link ClientHello#MAX_BYTES},
 * within the timeout), picks the backend by its SNI, and hands every byte read so far to the backend first, so
 * the TLS stream reaches it untouched. Exact names win; then the longest wildcard suffix ({@code *.example.org}
 * covers every name under example.org); then {@code default}. Anything that is not a ClientHello is closed.
 */
public final class SniRouter implements Frontend {
    private static final System.Logger LOG = System.getLogger("weft.tls");
    private static final RateLimitedLog REFUSED_NAMES = new RateLimitedLog(LOG, System.Logger.Level.INFO);

    private final SniRoutes routes;
    private final Map<String, BackendConnector> exact;
    /** Suffixes with their leading dot (".example.org"), longest first. */
    private final List<Map.Entry<String, BackendConnector>> wildcards;
    private final BackendConnector fallback;
    private final BufferPool helloBuffers;

    /** @param connectors by backend name; {@code helloBuffers} must hold {@link ClientHello#MAX_BYTES} */
    public SniRouter(SniRoutes routes, Map<String, BackendConnector> connectors, BufferPool helloBuffers) {
        if (helloBuffers.bufferSize() < ClientHello.MAX_BYTES) {
            throw new IllegalArgumentException("ClientHello buffers must hold " + ClientHello.MAX_BYTES + " bytes");
        }
        this.routes = routes;
        this.helloBuffers = helloBuffers;
        this.fallback = routes.defaultBackend() == null ? null : connectors.get(routes.defaultBackend());
        Map<String, BackendConnector> names = new HashMap<>();
        List<Map.Entry<String, BackendConnector>> suffixes = new ArrayList<>();
        routes.byName().forEach((pattern, backend) -> {
            if (pattern.startsWith("*.")) {
                suffixes.add(Map.entry(pattern.substring(1), connectors.get(backend)));
            } else {
                names.put(pattern, connectors.get(backend));
            }
        });
        suffixes.sort(Comparator.comparingInt((Map.Entry<String, BackendConnector> e) -> e.getKey().length())
                .reversed());
        this.exact = Map.copyOf(names);
        this.wildcards = List.copyOf(suffixes);
    }

    @Override
    public Duration openTimeout() {
        return routes.clientHelloTimeout();
    }

    @Override
    public Opened open(StreamConnection client, ByteBuffer alreadyRead, BufferPool alreadyReadPool, Opening opening,
                       Supplier<String> label) throws IOException {
        ByteBuffer received = helloBuffers.acquire();
        received.limit(ClientHello.MAX_BYTES);
        if (alreadyRead != null) {
            received.put(alreadyRead);
            alreadyReadPool.release(alreadyRead);
        }
        try {
            ClientHello.Result result = ClientPrefix.read(client, received, ClientHello::parse,
                    ClientHello.Incomplete.class, "ClientHello");
            switch (result) {
                case ClientHello.Invalid invalid -> throw new IOException(invalid.reason());
                case ClientHello.Parsed parsed -> {
                    if (parsed.refused() != null) {
                        REFUSED_NAMES.log(() -> label.get() + ": SNI " + LogText.quoted(parsed.refused())
                                + " is not a host name; routed as a ClientHello without SNI");
                    }
                    BackendConnector connector = route(parsed.serverName());
                    if (connector == null) {
                        LOG.log(System.Logger.Level.DEBUG, () -> label.get() + ": no route for SNI "
                                + (parsed.serverName() == null ? "(none)" : parsed.serverName())
                                + " and no default; closing");
                        return null;
                    }
                    received.flip();
                    Opened opened = new Opened(client, connector, received, helloBuffers, null,
                            TlsDetails.serverNameOnly(parsed.serverName()));
                    received = null;
                    return opened;
                }
                case ClientHello.Incomplete incomplete -> throw new IllegalStateException("not a verdict");
            }
        } finally {
            if (received != null) {
                helloBuffers.release(received);
            }
        }
    }

    /** The connector for {@code serverName}, or null when no route and no default applies. */
    BackendConnector route(String serverName) {
        if (serverName != null) {
            BackendConnector named = exact.get(serverName);
            if (named != null) {
                return named;
            }
            for (Map.Entry<String, BackendConnector> wildcard : wildcards) {
                if (serverName.endsWith(wildcard.getKey()) && serverName.length() > wildcard.getKey().length()) {
                    return wildcard.getValue();
                }
            }
        }
        return fallback;
    }
}
