package dev.weft.tls;

import dev.weft.config.CertificateSource;
import dev.weft.config.TlsListenerConfig;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSessionContext;

/**
 * TLS termination for one listener: its SSL context (certificates by SNI, session resumption) and its policy,
 * applied to every engine it makes. Certificates can be replaced while running ({@link #reload}); the context
 * stays, so sessions made before a rotation still resume.
 */
public final class ServerTls {
    private static final System.Logger LOG = System.getLogger("weft.tls");

    private final String listener;
    private final TlsListenerConfig config;
    private final SSLContext context;
    private final SniKeyManager keys;
    private final SslPolicy policy;
    private final String[] alpn;
    private long generation;

    private ServerTls(String listener, TlsListenerConfig config, SSLContext context, SniKeyManager keys) {
        this.listener = listener;
        this.config = config;
        this.context = context;
        this.keys = keys;
        this.policy = SslPolicy.of(config.policy());
        this.alpn = config.alpn().toArray(String[]::new);
    }

    /**
     * Loads every certificate; any that cannot be used fails the whole listener, with the file named.
     *
     * @param warnings receives expiry warnings
     */
    public static ServerTls create(String listener, TlsListenerConfig config, Consumer<String> warnings)
            throws IOException {
        TlsSecurity.configure();
        CertificateSet certificates = new CertificateSet(0, loadAll(config, warnings));
        SniKeyManager keys = new SniKeyManager(certificates, config.sessionResumption().enabled());
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keys}, null, null);
        } catch (GeneralSecurityException e) {
            throw new IOException("listener '" + listener + "': cannot set up TLS: " + e.getMessage(), e);
        }
        SSLSessionContext sessions = context.getServerSessionContext();
        sessions.setSessionCacheSize(config.sessionResumption().cacheSize());
        sessions.setSessionTimeout((int) Math.max(1, config.sessionResumption().lifetime().toSeconds()));
        ServerTls tls = new ServerTls(listener, config, context, keys);
        tls.newEngine();
        return tls;
    }

    private static List<ServerCertificate> loadAll(TlsListenerConfig config, Consumer<String> warnings)
            throws IOException {
        List<ServerCertificate> loaded = new ArrayList<>();
        for (CertificateSource source : config.certificates()) {
            loaded.add(CertificateLoader.load(source, warnings));
        }
        return loaded;
    }

    public TlsListenerConfig config() {
        return config;
    }

    /** Handshakes that chose a certificate, which resumed ones do not. */
    public long fullHandshakes() {
        return keys.fullHandshakes();
    }

    /** A server engine with this listener's policy and ALPN; it picks its certificate during the handshake. */
    public SSLEngine newEngine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(policy.protocols());
        parameters.setCipherSuites(policy.cipherSuites());
        parameters.setUseCipherSuitesOrder(true);
        if (alpn.length > 0) {
            parameters.setApplicationProtocols(alpn);
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    /**
     * Loads the certificate files again and, if every one loads, serves the new set to new handshakes. If any
     * fails, the current set stays and the error is logged: a half-written file never takes a listener down.
     *
     * @return true if the new set is in use
     */
    public synchronized boolean reload() {
        List<ServerCertificate> loaded;
        try {
            loaded = loadAll(config, warning -> LOG.log(System.Logger.Level.WARNING, "listener '" + listener
                    + "': " + warning));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "listener '" + listener + "': certificate files changed but cannot "
                    + "be used; keeping the current certificates: " + e.getMessage());
            return false;
        }
        keys.replace(new CertificateSet(++generation, loaded));
        LOG.log(System.Logger.Level.INFO, "listener '" + listener + "': certificates reloaded ("
                + loaded.size() + ")");
        return true;
    }
}
