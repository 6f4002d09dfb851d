package dev.weft.proxy;

import dev.weft.balance.BackendConnector;
import dev.weft.transport.BufferPool;
import dev.weft.transport.StreamConnection;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Supplier;

/** {@code protocol = tcp}: the client as it is, to the listener's one backend. */
public final class PlainFrontend implements Frontend {
    private final BackendConnector connector;

    public PlainFrontend(BackendConnector connector) {
        this.connector = connector;
    }

    @Override
    public Duration openTimeout() {
        return Duration.ZERO;
    }

    @Override
    public Opened open(StreamConnection client, ByteBuffer received, BufferPool receivedPool, Opening opening,
                       Supplier<String> label) {
        if (received != null && !received.hasRemaining()) {
            receivedPool.release(received);
            received = null;
        }
        return new Opened(client, connector, received, received == null ? null : receivedPool, null, null);
    }
}
