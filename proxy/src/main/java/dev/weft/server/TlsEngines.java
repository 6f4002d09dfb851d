package dev.weft.server;

import dev.weft.config.BackendConfig;
import dev.weft.config.BackendProtocol;
import dev.weft.config.BackendTlsConfig;
import dev.weft.config.HealthCheckType;
import dev.weft.config.IoConfig;
import dev.weft.config.ListenerConfig;
import dev.weft.config.TlsEngineChoice;
import dev.weft.config.TlsListenerConfig;
import dev.weft.openssl.OpenSslLinker;
import dev.weft.tls.ClientTls;
import dev.weft.tls.JdkClientTls;
import dev.weft.tls.JdkServerTls;
import dev.weft.tls.ServerTls;
import dev.weft.tls.TlsBuffers;
import dev.weft.tls.openssl.OpenSslClientTls;
import dev.weft.tls.openssl.OpenSslServerTls;
import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Builds listeners' and backends' TLS on the engine {@code tls.engine} asks for, resolving {@code auto}: the one
 * class above the TLS engines that names them, as {@link TransportFactory} is for transports.
 */
public final class TlsEngines {
    private static final System.Logger LOG = System.getLogger("weft.tls");

    private TlsEngines() {
    }

    /**
     * Why OpenSSL cannot serve here with this transport, or null when it can.
     *
     * @param nativeSockets whether the transport's connections are native sockets OpenSSL can use
     */
    public static String openSslUnusable(boolean nativeSockets) {
        if (!nativeSockets) {
            return "the OpenSSL engine needs the native transport (weft.io.transport = native)";
        }
        return OpenSslLinker.loadFailure();
    }

    /**
     * What {@code weft check} does: builds the listener's or backend's TLS on the engine it would get with
     * {@code io}, which loads every certificate into that engine, and frees it again.
     */
    public static void checkListener(String listener, TlsListenerConfig config, IoConfig io,
                                     Consumer<String> warnings) throws IOException {
        serverTls(listener, config, TransportFactory.choosesNative(io), null, warnings).close();
    }

    public static void checkBackend(String backend, BackendTlsConfig config, IoConfig io) throws IOException {
        clientTls(backend, config, TransportFactory.choosesNative(io), null).close();
    }

    /** A listener's TLS, for {@link WeftServer}; the line that says its engine is logged. */
    static ServerTls serverTls(ListenerConfig listener, boolean nativeSockets, TlsBuffers buffers)
            throws StartupException {
        try {
            return serverTls(listener.name(), listener.tls(), nativeSockets, buffers, warning -> LOG.log(
                    System.Logger.Level.WARNING, "listener '" + listener.name() + "': " + warning));
        } catch (IOException e) {
            throw new StartupException("listener '" + listener.name() + "': " + e.getMessage(), e);
        }
    }

    /** A TLS backend's client, or null for a plain one. */
    static ClientTls clientTls(BackendConfig backend, boolean nativeSockets, TlsBuffers buffers)
            throws StartupException {
        if (backend.protocol() != BackendProtocol.TLS) {
            return null;
        }
        if (backend.tls().trust() == BackendTlsConfig.Trust.INSECURE) {
            LOG.log(System.Logger.Level.WARNING, "backend '" + backend.name() + "': tls.trust = insecure: the "
                    + "backends' certificates are not verified");
        }
        return startupClient(backend, backend.tls(), nativeSockets, buffers);
    }

    /**
     * The TLS client of {@code type = tls} probes: the backend's own, or, for a plain TCP backend, one that only
     * checks that the endpoint completes a handshake; null for other probes.
     */
    static ClientTls probeTls(BackendConfig backend, ClientTls own, boolean nativeSockets, TlsBuffers buffers)
            throws StartupException {
        if (backend.healthCheck().type() != HealthCheckType.TLS) {
            return null;
        }
        if (own != null) {
            return own;
        }
        return startupClient(backend, new BackendTlsConfig(BackendTlsConfig.Trust.INSECURE, null, null, null,
                backend.healthCheck().timeout(), TlsEngineChoice.AUTO), nativeSockets, buffers);
    }

    private static ClientTls startupClient(BackendConfig backend, BackendTlsConfig config, boolean nativeSockets,
                                           TlsBuffers buffers) throws StartupException {
        try {
            return clientTls(backend.name(), config, nativeSockets, buffers);
        } catch (IOException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    /** The entries that have a client. */
    static Map<String, ClientTls> present(Map<String, ClientTls> clients) {
        Map<String, ClientTls> present = new LinkedHashMap<>();
        clients.forEach((name, client) -> {
            if (client != null) {
                present.put(name, client);
            }
        });
        return present;
    }

    /** Closes every client once, though a backend's probes may share its own. */
    @SafeVarargs
    static void closeAll(Map<String, ClientTls>... clients) {
        Set<ClientTls> closed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map<String, ClientTls> map : clients) {
            for (ClientTls client : map.values()) {
                if (client != null && closed.add(client)) {
                    client.close();
                }
            }
        }
    }

    /**
     * @param nativeSockets whether the transport's connections are native sockets
     * @param buffers       the JDK engine's buffers; null when only checking the config
     */
    static ServerTls serverTls(String listener, TlsListenerConfig config, boolean nativeSockets,
                               TlsBuffers buffers, Consumer<String> warnings) throws IOException {
        String unusable = unusable(config.engine(), nativeSockets);
        ServerTls tls = useOpenSsl(config.engine(), unusable)
                ? OpenSslServerTls.create(listener, config, warnings)
                : JdkServerTls.create(listener, config, buffers, warnings);
        if (buffers != null) {
            LOG.log(System.Logger.Level.INFO, "listener '" + listener + "': TLS engine " + tls.engine()
                    + chosen(config.engine(), unusable));
        }
        return tls;
    }

    static ClientTls clientTls(String backend, BackendTlsConfig config, boolean nativeSockets, TlsBuffers buffers)
            throws IOException {
        String unusable = unusable(config.engine(), nativeSockets);
        ClientTls tls = useOpenSsl(config.engine(), unusable) ? OpenSslClientTls.create(backend, config)
                : JdkClientTls.create(backend, config, buffers);
        if (buffers != null) {
            LOG.log(System.Logger.Level.INFO, "backend '" + backend + "': TLS engine " + tls.engine()
                    + chosen(config.engine(), unusable));
        }
        return tls;
    }

    private static String unusable(TlsEngineChoice choice, boolean nativeSockets) {
        return choice == TlsEngineChoice.JDK ? null : openSslUnusable(nativeSockets);
    }

    private static boolean useOpenSsl(TlsEngineChoice choice, String unusable) throws IOException {
        return switch (choice) {
            case OPENSSL -> {
                if (unusable != null) {
                    throw new IOException("tls.engine = openssl: " + unusable);
                }
                yield true;
            }
            case JDK -> false;
            case AUTO -> unusable == null;
        };
    }

    private static String chosen(TlsEngineChoice choice, String unusable) {
        return choice != TlsEngineChoice.AUTO ? "" : unusable == null ? " (auto)" : " (auto: " + unusable + ")";
    }
}
