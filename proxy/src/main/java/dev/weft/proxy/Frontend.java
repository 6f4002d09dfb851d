package dev.weft.proxy;

import dev.weft.balance.BackendConnector;
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
    boolean handshakes();

    /**
     * @param label names the client in log lines; called only when a line is written
     * @return what to proxy and where to, or null when the client is refused (the reason already logged)
     * @throws IOException when the client fails or goes away; the caller closes it
     */
    Opened open(StreamConnection client, Supplier<String> label) throws IOException;

    /**
     * @param client    the connection to proxy: the accepted one, or TLS over it
     * @param replay    bytes already read from the client that the backend must get first, or null
     * @param replayPool where {@code replay} goes back once written
     */
    record Opened(StreamConnection client, BackendConnector connector, ByteBuffer replay, BufferPool replayPool) {
    }
}
