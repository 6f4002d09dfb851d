package dev.weft.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code weft.backends.<name>}.
 *
 * @param connectRetries further endpoints to try after a failed connect
 * @param idleTimeout    no byte either way for this long closes the connection; zero disables it
 * @param tls            re-encryption settings for {@code protocol = tls}, null for plain TCP
 * @param proxyProtocol  the PROXY header sent to endpoints before any client byte
 * @param sessionAffinity which endpoint a client's connections prefer
 * @param drainingTimeout how long connections to an endpoint that left the backend (reload, DNS) may go on
 * @param tcp             the TCP settings of connections to endpoints
 * @param lifetime        how long a connection may live, and stay half-closed
 * @param endpointPolicy  slow start, and what a marked-down endpoint's sessions do
 */
public record BackendConfig(String name, List<GroupConfig> groups, Balancing balancing, Duration connectTimeout,
                            int connectRetries, Duration idleTimeout, HealthCheckConfig healthCheck,
                            BackendProtocol protocol, BackendTlsConfig tls, ProxyProtocolVersion proxyProtocol,
                            SessionAffinity sessionAffinity, Duration drainingTimeout, TcpOptions tcp,
                            ConnectionLifetime lifetime, EndpointPolicy endpointPolicy) {

    /** Every endpoint of every group, in the file's order. */
    public List<HostPort> endpoints() {
        return groups.stream().flatMap(group -> group.endpoints().stream()).map(GroupConfig.Member::address).toList();
    }
}
