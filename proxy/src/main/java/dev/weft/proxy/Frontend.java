package dev.weft.proxy;

import dev.weft.balance.BackendConnector;
import dev.weft.proxyprotocol.ProxyHeader;
import dev.weft.proxyprotocol.TlsDetails;
import dev.weft.transport.BufferPool;
import dev.weft.transport.StreamConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What a listener does with a new client before any byte is proxied: nothing (TCP), terminate TLS, or read the
 * ClientHello to route by SNI. Runs on the session's virtual thread, never on the acceptor.
 */
public interface Frontend {

    /** How long {@link #open} may take before the session closes the client; zero for no limit. */
    Duration openTimeout();

    /** True if {@link #open} is a TLS handshake, which counts against the listener's concurrent handshakes. */
    default boolean handshakes() {
        return false;
    }

    /** True if {@link #open} reads a PROXY header first, and so is what admits the client, by its real address. */
    default boolean readsProxyHeader() {
        return false;
    }

    /**
     * @param received     bytes already read from the client (after a PROXY header, say), in read mode, or null;
     *                     this call owns it: it goes back to {@code receivedPool} or on, as the replay
     * @param receivedPool where {@code received} came from
     * @param opening      the listener's bound on handshake CPU, for a frontend that handshakes, and admission
     * @param label        names the client in log lines; called only when a line is written
     * @return what to proxy and where to, or null when the client is refused (the reason already logged)
     * @throws IOException when the client fails or goes away; the caller closes it
     */
    Opened open(StreamConnection client, ByteBuffer received, BufferPool receivedPool, Opening opening,
                Supplier<String> label) throws IOException;

    /**
     * @param client     the connection to proxy: the accepted one, or TLS over it
     * @param replay     bytes already read from the client that the backend must get first, or null
     * @param replayPool where {@code replay} goes back once written
     * @param origin     the client's and the listener's addresses from a PROXY header, or null for the
     *                   connection's own
     * @param tls        the client's TLS session, for a v2 PROXY header to the backend, or null
     */
    record Opened(StreamConnection client, BackendConnector connector, ByteBuffer replay, BufferPool replayPool,
                  ProxyHeader origin, TlsDetails tls) {

        /** The same, from a connection whose PROXY header said {@code origin}. */
        public Opened from(ProxyHeader origin) {
            return new Opened(client, connector, replay, replayPool, origin.hasAddresses() ? origin : null, tls);
        }
    }
}
