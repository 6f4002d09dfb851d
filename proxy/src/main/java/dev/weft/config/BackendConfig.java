package dev.weft.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code weft.backends.<name>}.
 *
 * @param connectRetries further endpoints to try after a failed connect
 * @param idleTimeout    no byte either way for this long closes the connection; zero disables it
 * @param tls            re-encryption settings for {@code protocol = tls}, null for plain TCP
 */
public record BackendConfig(String name, List<HostPort> endpoints, Balancing balancing, Duration connectTimeout,
                            int connectRetries, Duration idleTimeout, HealthCheckConfig healthCheck,
                            BackendProtocol protocol, BackendTlsConfig tls) {
}
