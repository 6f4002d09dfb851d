package dev.weft.server;

import dev.weft.config.IoConfig;
import dev.weft.config.TlsEngineChoice;
import dev.weft.config.TlsListenerConfig;
import dev.weft.openssl.OpenSslLinker;
import dev.weft.tls.JdkServerTls;
import dev.weft.tls.ServerTls;
import dev.weft.tls.TlsBuffers;
import dev.weft.tls.openssl.OpenSslServerTls;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Builds a listener's TLS on the engine {@code tls.engine} asks for, resolving {@code auto}: the one class above
 * the TLS engines that names them, as {@link TransportFactory} is for transports.
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
     * What {@code weft check} does for a listener: builds its TLS on the engine it would get with {@code io}, which
     * loads every certificate into that engine, and frees it again.
     */
    public static void check(String listener, TlsListenerConfig config, IoConfig io, Consumer<String> warnings)
            throws IOException {
        serverTls(listener, config, TransportFactory.choosesNative(io), null, warnings).close();
    }

    /**
     * @param nativeSockets whether the transport's connections are native sockets
     * @param buffers       the JDK engine's buffers; null when only checking the config
     */
    public static ServerTls serverTls(String listener, TlsListenerConfig config, boolean nativeSockets,
                                      TlsBuffers buffers, Consumer<String> warnings) throws IOException {
        String unusable = config.engine() == TlsEngineChoice.JDK ? null : openSslUnusable(nativeSockets);
        boolean openSsl = switch (config.engine()) {
            case OPENSSL -> {
                if (unusable != null) {
                    throw new IOException("tls.engine = openssl: " + unusable);
                }
                yield true;
            }
            case JDK -> false;
            case AUTO -> unusable == null;
        };
        ServerTls tls = openSsl ? OpenSslServerTls.create(listener, config, warnings)
                : JdkServerTls.create(listener, config, buffers, warnings);
        if (buffers != null) {
            LOG.log(System.Logger.Level.INFO, "listener '" + listener + "': TLS engine " + tls.engine()
                    + (config.engine() == TlsEngineChoice.AUTO ? " (auto" + (unusable == null ? ")" : ": "
                    + unusable + ")") : ""));
        }
        return tls;
    }
}
