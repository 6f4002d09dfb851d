package dev.weft.tls;

import dev.weft.config.BackendTlsConfig;
import dev.weft.transport.StreamConnection;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * TLS from Weft to one backend's endpoints (re-encryption), on one engine. The backend's certificate is verified
 * against the configured trust and its name against {@code server-name}, or else the endpoint's host, as HTTPS
 * clients do. Connections offer TLS 1.3 and 1.2 with forward-secret AEAD suites only, and resume sessions per
 * endpoint, which spares the backends most full handshakes.
 */
public interface ClientTls {

    BackendTlsConfig config();

    /** "openssl" or "jdk". */
    String engine();

    /**
     * Runs the client side of a handshake with {@code endpoint} over {@code raw}, on the calling thread. On
     * failure {@code raw} is aborted and the exception says why.
     */
    TlsStream connect(StreamConnection raw, InetSocketAddress endpoint) throws IOException;

    /** The backend is gone: what the engine holds natively is freed once its last connection ends. */
    void close();

    /** The name to send as SNI and verify: {@code server-name}, or else the endpoint's host. */
    static String serverName(BackendTlsConfig config, InetSocketAddress endpoint) {
        return config.serverName() != null ? config.serverName() : endpoint.getHostString();
    }

    /** An IP address, which is verified against the certificate's IP entries and never sent as SNI. */
    static boolean isAddressLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    }
}
