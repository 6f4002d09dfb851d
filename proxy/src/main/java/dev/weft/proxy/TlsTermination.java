package dev.weft.proxy;

import dev.weft.balance.BackendConnector;
import dev.weft.proxyprotocol.TlsDetails;
import dev.weft.tls.ServerTls;
import dev.weft.tls.TlsBuffers;
import dev.weft.tls.TlsConnection;
import dev.weft.transport.BufferPool;
import dev.weft.transport.StreamConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Supplier;
import javax.net.ssl.SSLSession;

/** {@code protocol = tls}: the handshake with the listener's certificates and policy, then TLS to the backend. */
public record TlsTermination(ServerTls tls, TlsBuffers buffers, BackendConnector connector) implements Frontend {

    @Override
    public Duration openTimeout() {
        return tls.config().handshakeTimeout();
    }

    @Override
    public boolean handshakes() {
        return true;
    }

    @Override
    public Opened open(StreamConnection client, ByteBuffer received, BufferPool receivedPool,
                       Supplier<String> label) throws IOException {
        TlsConnection connection = new TlsConnection(client, tls.newEngine(), buffers.records(), buffers.batches());
        if (received != null) {
            connection.receivedAlready(received);
            receivedPool.release(received);
        }
        try {
            connection.handshake();
        } catch (IOException | RuntimeException e) {
            connection.abort();
            throw e;
        }
        SSLSession session = connection.engine().getSession();
        return new Opened(connection, connector, null, null, null, new TlsDetails(TlsConnection.serverName(session),
                connection.engine().getApplicationProtocol(), session.getProtocol(), session.getCipherSuite()));
    }
}
