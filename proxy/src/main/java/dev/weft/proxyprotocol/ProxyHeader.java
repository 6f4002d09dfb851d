package dev.weft.proxyprotocol;

import java.net.InetSocketAddress;

/**
 * What a PROXY protocol header says about a connection: who the client really is and which address it reached.
 * Both are null for a header that carries no addresses (v1 {@code UNKNOWN}, v2 {@code LOCAL}, or an address family
 * Weft does not proxy), in which case the receiver keeps the addresses of the connection itself.
 */
public record ProxyHeader(InetSocketAddress source, InetSocketAddress destination) {

    /** A header without addresses. */
    public static final ProxyHeader LOCAL = new ProxyHeader(null, null);

    /** True when both addresses are known IP addresses (a reset socket reports an unresolved placeholder). */
    public boolean hasAddresses() {
        return source != null && destination != null && source.getAddress() != null
                && destination.getAddress() != null;
    }
}
