package dev.weft.config;

/**
 * {@code weft.listeners.<name>}.
 *
 * @param maxConnections accepted connections not yet closed; beyond it clients wait in the kernel backlog
 * @param backlog        the listen(2) backlog
 */
public record ListenerConfig(String name, HostPort bind, ListenerProtocol protocol, String backend,
                             int maxConnections, int backlog) {
}
