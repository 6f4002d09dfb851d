package dev.weft.tls;

import dev.weft.config.ClientAuthConfig;
import dev.weft.config.TlsListenerConfig;
import dev.weft.transport.BufferPool;
import dev.weft.transport.StreamConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;

/**
 * TLS termination on the JDK's {@link SSLEngine}, the portable engine: one SSL context per listener
 * (certificates by SNI through {@link SniKeyManager}, the stateful session cache) and its policy, applied to every
 * engine it makes. A rotation swaps the key manager's set; the context stays, so sessions made before it resume.
 */
public final class JdkServerTls implements ServerTls {
    private final String listener;
    private final TlsListenerConfig config;
    private final SSLContext context;
    private final SniKeyManager keys;
    /** Verifies client certificates; null when the listener asks for none. */
    private final ClientTrust trust;
    private final SslPolicy policy;
    private final String[] alpn;
    private final TlsBuffers buffers;
    private final LongAdder handshakes = new LongAdder();
    private long generation;

    private JdkServerTls(String listener, TlsListenerConfig config, SSLContext context, SniKeyManager keys,
                         ClientTrust trust, TlsBuffers buffers) {
        this.trust = trust;
        this.listener = listener;
        this.config = config;
        this.context = context;
        this.keys = keys;
        this.policy = SslPolicy.of(config.policy());
        this.alpn = config.alpn().toArray(String[]::new);
        this.buffers = buffers;
    }

    /**
     * Loads every certificate; any that cannot be used fails the whole listener, with the file named.
     *
     * @param buffers  the process's TLS buffers; null when only checking the config
     * @param warnings receives expiry warnings
     */
    public static JdkServerTls create(String listener, TlsListenerConfig config, TlsBuffers buffers,
                                      Consumer<String> warnings) throws IOException {
        if (config.sessionTickets().keyFile() != null) {
            throw new IOException("tls.session-tickets.key-file needs the OpenSSL engine (tls.engine = openssl, "
                    + "on the native transport): the JDK's engine cannot take ticket keys from a file");
        }
        TlsSecurity.configure();
        SniKeyManager keys = new SniKeyManager(ListenerCertificates.load(0, config, warnings),
                config.sessionResumption().enabled());
        ClientTrust trust = config.clientAuth().mode() == ClientAuthConfig.Mode.NONE ? null
                : ClientTrust.create(config.clientAuth());
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keys}, trust == null ? null : new TrustManager[] {trust}, null);
        } catch (GeneralSecurityException e) {
            throw new IOException("listener '" + listener + "': cannot set up TLS: " + e.getMessage(), e);
        }
        SSLSessionContext sessions = context.getServerSessionContext();
        sessions.setSessionCacheSize(config.sessionResumption().cacheSize());
        sessions.setSessionTimeout((int) Math.max(1, config.sessionResumption().lifetime().toSeconds()));
        JdkServerTls tls = new JdkServerTls(listener, config, context, keys, trust, buffers);
        tls.newEngine();
        return tls;
    }

    @Override
    public TlsListenerConfig config() {
        return config;
    }

    @Override
    public String engine() {
        return "jdk";
    }

    @Override
    public TlsStream handshake(StreamConnection client, ByteBuffer received, BufferPool receivedPool,
                               HandshakeSlot slot) throws IOException {
        TlsConnection connection = new TlsConnection(client, newEngine(), buffers.records(), buffers.batches());
        try {
            if (received != null) {
                connection.receivedAlready(received);
            }
            connection.handshake(slot);
        } catch (IOException | RuntimeException e) {
            connection.abort();
            throw e;
        } finally {
            if (received != null) {
                receivedPool.release(received);
            }
        }
        handshakes.increment();
        return connection;
    }

    @Override
    public long fullHandshakes() {
        return keys.fullHandshakes();
    }

    @Override
    public CertificateSet certificates() {
        return keys.current();
    }

    /** JSSE does not say whether a handshake resumed; those that chose no certificate did. */
    @Override
    public long resumedHandshakes() {
        return handshakes.sum() - keys.fullHandshakes();
    }

    /** A server engine with this listener's policy and ALPN; it picks its certificate during the handshake. */
    private SSLEngine newEngine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(policy.protocols());
        parameters.setCipherSuites(policy.cipherSuites());
        parameters.setUseCipherSuitesOrder(true);
        if (alpn.length > 0) {
            parameters.setApplicationProtocols(alpn);
        }
        switch (config.clientAuth().mode()) {
            case REQUIRED -> parameters.setNeedClientAuth(true);
            case OPTIONAL -> parameters.setWantClientAuth(true);
            case NONE -> {
            }
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    @Override
    public synchronized boolean reload() {
        if (trust != null) {
            try {
                trust.reload();
            } catch (IOException e) {
                System.getLogger("weft.tls").log(System.Logger.Level.ERROR, "listener '" + listener + "': the "
                        + "client-ca or crl file changed but cannot be used; keeping the current ones: "
                        + e.getMessage());
            }
        }
        CertificateSet next = ListenerCertificates.reload(listener, generation + 1, config);
        if (next == null) {
            return false;
        }
        generation++;
        keys.replace(next);
        ListenerCertificates.reloaded(listener, next);
        return true;
    }

    /** Nothing native: the context goes with its last reference. */
    @Override
    public void close() {
    }
}
