package dev.weft.tls;

import dev.weft.config.BackendTlsConfig;
import dev.weft.config.TlsProfile;
import dev.weft.transport.StreamConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS from Weft to one backend's endpoints (re-encryption) on the JDK's SSLEngine. The backend's certificate is verified against the
 * configured trust and its name against {@code server-name}, or else the endpoint's host, as HTTPS clients do.
 * Connections offer TLS 1.3 and 1.2 with forward-secret AEAD suites only. The context's client session cache
 * resumes sessions per endpoint, which spares the backends most full handshakes.
 */
public final class JdkClientTls implements ClientTls {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final BackendTlsConfig config;
    private final SSLContext context;
    private final String[] suites;
    private final TlsBuffers buffers;

    private JdkClientTls(BackendTlsConfig config, SSLContext context, TlsBuffers buffers) {
        this.config = config;
        this.context = context;
        this.buffers = buffers;
        List<String> all = new ArrayList<>(TlsProfile.TLS13_SUITES);
        all.addAll(TlsProfile.RESTRICTED.suites());
        this.suites = all.toArray(String[]::new);
    }

    /** @param buffers the process's TLS buffers; null when only checking the config */
    public static JdkClientTls create(String backend, BackendTlsConfig config, TlsBuffers buffers)
            throws IOException {
        TlsSecurity.configure();
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(config), trustManagers(config), null);
            return new JdkClientTls(config, context, buffers);
        } catch (GeneralSecurityException | IOException e) {
            throw new IOException("backend '" + backend + "': cannot set up TLS: " + e.getMessage(), e);
        }
    }

    @Override
    public BackendTlsConfig config() {
        return config;
    }

    @Override
    public String engine() {
        return "jdk";
    }

    @Override
    public TlsStream connect(StreamConnection raw, InetSocketAddress endpoint) throws IOException {
        TlsConnection secured = new TlsConnection(raw, newEngine(endpoint), buffers.records(), buffers.batches());
        try {
            secured.handshake(HandshakeSlot.UNBOUNDED);
        } catch (IOException | RuntimeException e) {
            secured.abort();
            throw e;
        }
        return secured;
    }

    /** Nothing native: the context goes with its last reference. */
    @Override
    public void close() {
    }

    /** A client engine for one endpoint, with SNI and hostname verification set. */
    private SSLEngine newEngine(InetSocketAddress endpoint) {
        String host = ClientTls.serverName(config, endpoint);
        SSLEngine engine = context.createSSLEngine(host, endpoint.getPort());
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(PROTOCOLS);
        parameters.setCipherSuites(suites);
        if (config.trust() != BackendTlsConfig.Trust.INSECURE) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!ClientTls.isAddressLiteral(host)) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        engine.setSSLParameters(parameters);
        return engine;
    }


    private static KeyManager[] keyManagers(BackendTlsConfig config) throws IOException,
            GeneralSecurityException {
        if (config.clientCert() == null) {
            return null;
        }
        ServerCertificate own = CertificateLoader.load(config.clientCert(), warning -> System.getLogger("weft.tls")
                .log(System.Logger.Level.WARNING, warning));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = new char[0];
        store.setKeyEntry("client", own.key(), password, own.chain());
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        return factory.getKeyManagers();
    }

    private static TrustManager[] trustManagers(BackendTlsConfig config) throws IOException,
            GeneralSecurityException {
        return switch (config.trust()) {
            case SYSTEM -> null;
            case INSECURE -> new TrustManager[] {new TrustAnyCertificate()};
            case FILE -> {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                int i = 0;
                for (X509Certificate ca : PemFiles.certificates(config.caFile())) {
                    store.setCertificateEntry("ca-" + i++, ca);
                }
                TrustManagerFactory factory = TrustManagerFactory.getInstance(
                        TrustManagerFactory.getDefaultAlgorithm());
                factory.init(store);
                yield factory.getTrustManagers();
            }
        };
    }
}
