package dev.weft.proxy;

import dev.weft.proxyprotocol.ProxyHeader;
import dev.weft.transport.StreamConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * What moves with a session in an upgrade, besides its two sockets: its start, its bytes each way, the client its
 * PROXY header named (or null), and where it belongs: its listener, backend and endpoint, and its id in the old
 * process, for the log.
 */
public record MovedSession(long startMillis, long bytesUp, long bytesDown, ProxyHeader origin, String listener,
                           String backend, InetSocketAddress endpoint, long oldId) {

    /** The client's address, as admission counts it: its PROXY header's if it had one, else the connection's. */
    public InetAddress clientAddress(StreamConnection client) {
        return (origin != null && origin.hasAddresses() ? origin.source() : client.remoteAddress()).getAddress();
    }
}
