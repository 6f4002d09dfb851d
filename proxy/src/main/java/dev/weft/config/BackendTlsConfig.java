package dev.weft.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code weft.backends.<name>.tls} for {@code protocol = tls}: how Weft re-encrypts to the endpoints.
 *
 * @param trust      which certificate authorities the backend's certificate must chain to
 * @param caFile     the PEM bundle when {@code trust} is a file, null otherwise
 * @param serverName the SNI sent and the name verified; null uses each endpoint's host
 * @param clientCert presented when the backend asks for one; null for none
 * @param engine     which TLS implementation connects to the endpoints
 */
public record BackendTlsConfig(Trust trust, Path caFile, String serverName, CertificateSource.Pem clientCert,
                               Duration handshakeTimeout, TlsEngineChoice engine) {

    public enum Trust {
        /** The JDK's default trust store. */
        SYSTEM,
        /** The certificates in {@code caFile}. */
        FILE,
        /** Any certificate, unverified: for tests and migrations only. */
        INSECURE
    }
}
