package dev.weft.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code weft.listeners.<name>.tls} for {@code protocol = tls}.
 *
 * @param certificates             in order; the first is the default for clients without a matching SNI
 * @param alpn                     protocols advertised, in preference order; empty advertises none
 * @param maxConcurrentHandshakes  beyond it the listener stops accepting until a handshake ends
 * @param certificateCheckInterval how often the certificate files are checked for changes
 * @param engine                   which TLS implementation serves the listener
 */
public record TlsListenerConfig(List<CertificateSource> certificates, TlsPolicyConfig policy, List<String> alpn,
                                Duration handshakeTimeout, int maxConcurrentHandshakes,
                                SessionResumptionConfig sessionResumption, Duration certificateCheckInterval,
                                TlsEngineChoice engine, SessionTicketsConfig sessionTickets,
                                ClientAuthConfig clientAuth) {
}
