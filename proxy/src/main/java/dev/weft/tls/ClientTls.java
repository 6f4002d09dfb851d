package dev.weft.tls;

import dev.weft.config.BackendTlsConfig;
import dev.weft.config.TlsProfile;
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
 * TLS from Weft to one backend's endpoints (re-encryption). The backend's certificate is verified against the
 * configured trust and its name against {@code server-name}, or else the endpoint's host, as HTTPS clients do.
 * Connections offer TLS 1.3 and 1.2 with forward-secret AEAD suites only. The context's client session cache
 * resumes sessions per endpoint, which spares the backends most full handshakes.
 */
public final class ClientTls {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final BackendTlsConfig config;
    private final SSLContext context;
    private final String[] suites;

    private ClientTls(BackendTlsConfig config, SSLContext context) {
        this.config = config;
        this.context = context;
        List<String> all = new ArrayList<>(TlsProfile.TLS13_SUITES);
        all.addAll(TlsProfile.RESTRICTED.suites());
        this.suites = all.toArray(String[]::new);
    }

    public static ClientTls create(String backend, BackendTlsConfig config) throws IOException {
        TlsSecurity.configure();
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(config), trustManagers(config), null);
            return new ClientTls(config, context);
        } catch (GeneralSecurityException | IOException e) {
            throw new IOException("backend '" + backend + "': cannot set up TLS: " + e.getMessage(), e);
        }
    }

    public BackendTlsConfig config() {
        return config;
    }

    /** A client engine for one endpoint, with SNI and hostname verification set. */
    public SSLEngine newEngine(InetSocketAddress endpoint) {
        String host = config.serverName() != null ? config.serverName() : endpoint.getHostString();
        SSLEngine engine = context.createSSLEngine(host, endpoint.getPort());
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(PROTOCOLS);
        parameters.setCipherSuites(suites);
        if (config.trust() != BackendTlsConfig.Trust.INSECURE) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!isAddressLiteral(host)) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    private static boolean isAddressLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
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
