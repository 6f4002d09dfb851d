package dev.weft.perf;

import dev.weft.tls.TrustAnyCertificate;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
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

    /** Connects and completes a handshake; {@code resume} offers the session of an earlier connection. */
    SSLSocket open(InetSocketAddress target, boolean resume) throws IOException {
        SSLSocket socket = resume
                ? (SSLSocket) context.getSocketFactory().createSocket(target.getHostString(), target.getPort())
                : (SSLSocket) context.getSocketFactory().createSocket(target.getAddress(), target.getPort());
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
