package dev.weft.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.security.cert.X509Certificate;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;

/**
 * A {@link TestServer} handler that speaks TLS: it echoes every byte until the client's close_notify or FIN, and
 * records the server name each client asked for and the certificate each presented, if any.
 */
public final class TlsEcho implements TestServer.Handler {
    private final SSLContext context;
    private final boolean needClientAuth;
    private final BlockingQueue<String> serverNames = new LinkedBlockingQueue<>();
    private final BlockingQueue<X509Certificate> clientCertificates = new LinkedBlockingQueue<>();

    /** @param needClientAuth ask clients for a certificate, and require one */
    public TlsEcho(SSLContext context, boolean needClientAuth) {
        this.context = context;
        this.needClientAuth = needClientAuth;
    }

    @Override
    public void handle(SocketChannel channel) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(channel.socket(), null, true)) {
            socket.setUseClientMode(false);
            socket.setNeedClientAuth(needClientAuth);
            socket.startHandshake();
            ExtendedSSLSession session = (ExtendedSSLSession) socket.getSession();
            serverNames.add(session.getRequestedServerNames().stream()
                    .map(name -> new String(name.getEncoded())).findFirst().orElse("(none)"));
            try {
                clientCertificates.add((X509Certificate) session.getPeerCertificates()[0]);
            } catch (SSLPeerUnverifiedException none) {
                // The client sent no certificate.
            }
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            in.transferTo(out);
            out.flush();
        }
    }

    /** The SNI of each client, in order of handshakes; "(none)" when a client sent none. */
    public BlockingQueue<String> serverNames() {
        return serverNames;
    }

    public BlockingQueue<X509Certificate> clientCertificates() {
        return clientCertificates;
    }
}
