package dev.weft.perf;

import dev.weft.tls.TrustAnyCertificate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * The load generator's TLS client: TLS 1.3, SNI {@link PerfCertificates#SERVER_NAME}, and no certificate
 * verification, which would only add the client's own cost to every target alike. One instance keeps one session
 * cache; the JDK resumes a session only for a socket opened by host name, so {@code resume} picks that.
 */
final class TlsClient {
    private final SSLContext context;

    TlsClient() {
        try {
            context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustAnyCertificate()}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JDK", e);
        }
    }

    /** The first TLS record a client sends: its ClientHello, for attacks that send it a byte at a time. */
    static byte[] clientHelloPrefix() throws IOException {
        try {
            SSLEngine engine = new TlsClient().context.createSSLEngine(PerfCertificates.SERVER_NAME, 443);
            engine.setUseClientMode(true);
            ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(ByteBuffer.allocate(0), out);
            return Arrays.copyOf(out.array(), out.position());
        } catch (SSLException e) {
            throw new IOException("cannot make a ClientHello: " + e.getMessage(), e);
        }
    }

    /** Connects and completes a handshake; {@code resume} offers the session of an earlier connection. */
    SSLSocket open(InetSocketAddress target, boolean resume) throws IOException {
        SSLSocket socket = resume
                ? (SSLSocket) context.getSocketFactory().createSocket(target.getHostString(), target.getPort())
                : (SSLSocket) context.getSocketFactory().createSocket(target.getAddress(), target.getPort());
        return handshake(socket, target);
    }

    /** A full handshake over a connection from {@code source}, one of many a flood uses. */
    SSLSocket open(InetSocketAddress target, InetAddress source) throws IOException {
        Socket plain = new Socket();
        try {
            plain.bind(new InetSocketAddress(source, 0));
            plain.connect(target, 5000);
            plain.setSoTimeout(10_000);
        } catch (IOException e) {
            plain.close();
            throw e;
        }
        return handshake((SSLSocket) context.getSocketFactory().createSocket(plain, target.getHostString(),
                target.getPort(), true), target);
    }

    /** A full handshake after a PROXY v1 header, for a listener that accepts them. */
    SSLSocket openBehindProxy(InetSocketAddress target) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(target, 5000);
            plain.getOutputStream().write(("PROXY TCP4 192.0.2.1 192.0.2.2 40000 443\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (IOException e) {
            plain.close();
            throw e;
        }
        return handshake((SSLSocket) context.getSocketFactory().createSocket(plain, target.getHostString(),
                target.getPort(), true), target);
    }

    private SSLSocket handshake(SSLSocket socket, InetSocketAddress target) throws IOException {
        try {
            socket.setTcpNoDelay(true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setProtocols(new String[] {"TLSv1.3"});
            parameters.setServerNames(List.of(new SNIHostName(PerfCertificates.SERVER_NAME)));
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket;
        } catch (IOException e) {
            socket.close();
            throw new IOException("TLS to " + target + ": " + e.getMessage(), e);
        }
    }
}
