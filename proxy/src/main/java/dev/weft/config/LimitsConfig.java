package dev.weft.config;

/**
 * {@code weft.listeners.<name>.limits}: how much one client, and the listener as a whole, may ask. A client is its
 * IPv4 address, or its IPv6 address cut to {@code ipv6Prefix} bits (a host usually owns a whole /64).
 *
 * @param connections       listener-wide new connections a second
 * @param handshakes        listener-wide TLS handshakes a second
 * @param clientConnections one client's connections open at once; 0 for no limit
 * @param clientRate        one client's new connections a second
 * @param clientHandshakes  one client's TLS handshakes a second
 * @param trackedClients    clients remembered at once; the least recently seen is forgotten first
 */
public record LimitsConfig(RateLimit connections, RateLimit handshakes, int clientConnections, RateLimit clientRate,
                           RateLimit clientHandshakes, int trackedClients, int ipv6Prefix) {
    public static final LimitsConfig NONE = new LimitsConfig(RateLimit.OFF, RateLimit.OFF, 0, RateLimit.OFF,
            RateLimit.OFF, 100_000, 64);

    /** Whether any per-client limit is set, which is what needs the table of clients. */
    public boolean perClient() {
        return clientConnections > 0 || !clientRate.off() || !clientHandshakes.off();
    }
}
