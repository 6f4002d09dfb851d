package dev.weft.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A loopback TLS backend that echoes every byte until the client's close_notify or FIN, then closes. It records
 * the server name each client asked for and the certificate each client presented, if any.
 */
public final class TlsEchoServer implements AutoCloseable {
    private final SSLServerSocket server;
    private final Set<SSLSocket> open = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<String> serverNames = new LinkedBlockingQueue<>();
    private final BlockingQueue<X509Certificate> clientCertificates = new LinkedBlockingQueue<>();
    private final Thread acceptor;

    private TlsEchoServer(SSLServerSocket server) {
        this.server = server;
        this.acceptor = Thread.ofVirtual().name("tls-echo-" + port()).start(this::acceptLoop);
    }

    /** @param wantClientAuth ask clients for a certificate (and require one) */
    public static TlsEchoServer start(SSLContext context, boolean wantClientAuth) throws IOException {
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 512,
                InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(wantClientAuth);
        return new TlsEchoServer(server);
    }

    private void acceptLoop() {
        try {
            while (true) {
                SSLSocket socket = (SSLSocket) server.accept();
                open.add(socket);
                Thread.ofVirtual().start(() -> echo(socket));
            }
        } catch (IOException closed) {
            // close() was called.
        }
    }

    private void echo(SSLSocket socket) {
        try (socket) {
            socket.startHandshake();
            ExtendedSSLSession session = (ExtendedSSLSession) socket.getSession();
            serverNames.add(session.getRequestedServerNames().stream()
                    .map(n -> new String(n.getEncoded())).findFirst().orElse("(none)"));
            try {
                clientCertificates.add((X509Certificate) session.getPeerCertificates()[0]);
            } catch (SSLPeerUnverifiedException none) {
                // The client sent no certificate.
            }
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[32 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
            out.flush();
        } catch (IOException e) {
            // The client went away or failed its handshake: nothing to echo.
        } finally {
            open.remove(socket);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public String hostPort() {
        return "127.0.0.1:" + port();
    }

    /** The SNI of each client, in order of handshakes; "(none)" when a client sent none. */
    public BlockingQueue<String> serverNames() {
        return serverNames;
    }

    public BlockingQueue<X509Certificate> clientCertificates() {
        return clientCertificates;
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SSLSocket socket : open) {
            socket.close();
        }
    }
}
