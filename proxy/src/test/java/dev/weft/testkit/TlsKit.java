package dev.weft.testkit;

import dev.weft.testkit.Streams.Digest;
import dev.weft.tls.SelfSignedCertificate;
import dev.weft.tls.TlsSecurity;
import dev.weft.tls.TrustAnyCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** Certificates on disk and real JDK TLS clients, for the TLS tests. */
public final class TlsKit {
    static {
        // The same process-wide settings Weft makes, so test clients can offer TLS 1.0 and 1.1 too.
        TlsSecurity.configure();
    }

    private TlsKit() {
    }

    /** A certificate and key written as PEM files in {@code directory}, named after {@code name}. */
    public record PemPair(Path cert, Path key, SelfSignedCertificate certificate) {
        /** The HOCON object for a listener's certificates list. */
        public String hocon() {
            return "{ cert = \"" + cert + "\", key = \"" + key + "\" }";
        }
    }

    public static PemPair write(Path directory, String name, SelfSignedCertificate certificate) throws IOException {
        Files.createDirectories(directory);
        PemPair pair = new PemPair(directory.resolve(name + ".pem"), directory.resolve(name + ".key"), certificate);
        certificate.writePem(pair.cert(), pair.key());
        return pair;
    }

    /** A client context that trusts exactly {@code trusted}. */
    public static SSLContext trusting(X509Certificate... trusted) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers(trusted), null);
        return context;
    }

    /** A client context that accepts any certificate: only for a server whose self-made certificate it cannot see. */
    public static SSLContext trustingAnyone() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustAnyCertificate()}, null);
        return context;
    }

    /** A server context that serves {@code certificate}, for TLS backends. */
    public static SSLContext serving(SelfSignedCertificate certificate, X509Certificate... trustedClients)
            throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        char[] password = "test".toCharArray();
        keys.setKeyEntry("server", certificate.keys().getPrivate(), password,
                certificate.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory keyFactory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyFactory.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyFactory.getKeyManagers(), trustedClients.length == 0 ? null : trustManagers(trustedClients),
                null);
        return context;
    }

    private static TrustManager[] trustManagers(X509Certificate... trusted) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < trusted.length; i++) {
            store.setCertificateEntry("trusted-" + i, trusted[i]);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    /**
     * Connects and completes a handshake.
     *
     * @param serverName SNI to send, or null for none
     * @param protocols  versions to offer, or null for the JDK's
     * @param suites     suites to offer, or null for the JDK's
     */
    public static SSLSocket connect(SSLContext context, InetSocketAddress address, String serverName,
                                    String[] protocols, String[] suites) throws IOException {
        // By host string, not InetAddress: the JDK client keys its session cache by host, and resumes only then.
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(address.getHostString(),
                address.getPort());
        socket.setSoTimeout(30_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
        if (protocols != null) {
            parameters.setProtocols(protocols);
        }
        if (suites != null) {
            parameters.setCipherSuites(suites);
        }
        socket.setSSLParameters(parameters);
        try {
            socket.startHandshake();
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    public static SSLSocket connect(SSLContext context, InetSocketAddress address, String serverName)
            throws IOException {
        return connect(context, address, serverName, null, null);
    }

    /** The bytes of a real ClientHello, as a JDK client's first flight, with {@code serverName} as SNI if not null. */
    public static byte[] clientHello(String serverName) throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine();
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
        engine.setSSLParameters(parameters);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] hello = new byte[out.remaining()];
        out.get(hello);
        return hello;
    }

    /** The leaf certificate the server presented. */
    public static X509Certificate served(SSLSocket socket) throws IOException {
        return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }

    /** Writes {@code total} pseudo-random bytes from {@code seed}; see {@link Streams#expected}. */
    public static Digest send(OutputStream out, long seed, long total) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        MessageDigest sha = sha256();
        byte[] chunk = new byte[64 * 1024];
        for (long left = total; left > 0; ) {
            int n = (int) Math.min(chunk.length, left);
            random.nextBytes(chunk);
            sha.update(chunk, 0, n);
            out.write(chunk, 0, n);
            left -= n;
        }
        out.flush();
        return new Digest(total, HexFormat.of().formatHex(sha.digest()));
    }

    /**
     * Streams {@code total} pseudo-random bytes through {@code socket} to an echo, half-closes (TLS 1.3: a
     * close_notify, after which the echo of everything still comes back), and checks the echo's SHA-256.
     *
     * @return what was sent
     */
    public static Digest assertEchoedIntact(SSLSocket socket, long seed, long total) throws Exception {
        CompletableFuture<Digest> echoed = receiveAsync(socket.getInputStream());
        Digest sent = send(socket.getOutputStream(), seed, total);
        socket.shutdownOutput();
        Digest back = echoed.get(30, TimeUnit.SECONDS);
        if (!back.equals(sent)) {
            throw new AssertionError("sent " + sent + " but the echo was " + back);
        }
        return sent;
    }

    /** Reads until end of stream on a virtual thread. */
    public static CompletableFuture<Digest> receiveAsync(InputStream in) {
        CompletableFuture<Digest> received = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                received.complete(receive(in));
            } catch (Throwable e) {
                received.completeExceptionally(e);
            }
        });
        return received;
    }

    /** Reads until end of stream. */
    public static Digest receive(InputStream in) throws IOException {
        MessageDigest sha = sha256();
        byte[] chunk = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(chunk)) >= 0) {
            sha.update(chunk, 0, n);
            total += n;
        }
        return new Digest(total, HexFormat.of().formatHex(sha.digest()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
