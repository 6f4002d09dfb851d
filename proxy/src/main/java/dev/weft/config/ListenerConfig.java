package dev.weft.config;

import java.time.Duration;

/**
 * {@code weft.listeners.<name>}.
 *
 * @param backend        where connections go; null for {@code tls-passthrough}, which uses {@code routes}
 * @param maxConnections accepted connections not yet closed; beyond it clients wait in the kernel backlog
 * @param backlog        the listen(2) backlog
 * @param tls            TLS termination settings for {@code protocol = tls}, null otherwise
 * @param routes         SNI routes for {@code protocol = tls-passthrough}, null otherwise
 * @param acceptProxyProtocol   every connection starts with a PROXY header (v1 or v2) from a balancer in front
 * @param proxyProtocolTimeout  how long a connection may take to send that header
 * @param reusePort             SO_REUSEPORT, for several Weft processes on one address
 * @param access                which clients are served, by address
 * @param limits                how much one client, and all of them, may ask
 * @param tcp                   the TCP settings of client connections, set on the listening socket, which its
 *                              connections inherit
 */
public record ListenerConfig(String name, HostPort bind, ListenerProtocol protocol, String backend,
                             int maxConnections, int backlog, TlsListenerConfig tls, SniRoutes routes,
                             boolean acceptProxyProtocol, Duration proxyProtocolTimeout, boolean reusePort,
                             AccessConfig access, LimitsConfig limits, TcpOptions tcp) {
}
