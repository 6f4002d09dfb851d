package dev.weft.proxy;

import dev.weft.balance.BackendConnector;
import dev.weft.proxyprotocol.ClientCertificate;
import dev.weft.proxyprotocol.TlsDetails;
import dev.weft.tls.ServerTls;
import dev.weft.tls.TlsStream;
import dev.weft.transport.BufferPool;
import dev.weft.transport.StreamConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * {@code protocol = tls}: the handshake with the listener's certificates and policy, on its engine, then TLS to
 * the backend.
 */
public record TlsTermination(ServerTls tls, BackendConnector connector) implements Frontend {

    @Override
    public Duration openTimeout() {
        return tls.config().handshakeTimeout();
    }

    @Override
    public boolean handshakes() {
        return true;
    }

    @Override
    public Opened open(StreamConnection client, ByteBuffer received, BufferPool receivedPool, Opening opening,
                       Supplier<String> label) throws IOException {
        TlsStream connection = tls.handshake(client, received, receivedPool, opening);
        X509Certificate presented = connection.peerCertificate();
        return new Opened(connection, connector, null, null, null, new TlsDetails(connection.serverName(),
                connection.applicationProtocol(), connection.protocol(), connection.cipherSuite(),
                presented == null ? null : ClientCertificate.of(presented)));
    }
}
