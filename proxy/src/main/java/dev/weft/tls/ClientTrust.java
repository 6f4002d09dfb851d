package dev.weft.tls;

import dev.weft.config.ClientAuthConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CRL;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.EnumSet;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Verifies client certificates for the JDK engine: they must chain to {@code client-ca} within
 * {@code verify-depth} intermediates and, with a {@code crl} file, the certificate itself must not be revoked by
 * its issuer's CRL there (as OpenSSL's {@code X509_V_FLAG_CRL_CHECK} does: a missing CRL for that issuer fails).
 * The files are read again on {@link #reload}, behind the same trust manager the SSL context holds.
 */
final class ClientTrust extends X509ExtendedTrustManager {
    private final ClientAuthConfig config;
    private volatile X509ExtendedTrustManager delegate;

    private ClientTrust(ClientAuthConfig config, X509ExtendedTrustManager delegate) {
        this.config = config;
        this.delegate = delegate;
    }

    static ClientTrust create(ClientAuthConfig config) throws IOException {
        return new ClientTrust(config, build(config));
    }

    /** Reads the files again; throws (keeping the current trust) if they cannot be used. */
    void reload() throws IOException {
        delegate = build(config);
    }

    private static X509ExtendedTrustManager build(ClientAuthConfig config) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (X509Certificate ca : PemFiles.certificates(config.ca())) {
                store.setCertificateEntry("ca-" + i++, ca);
            }
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(store, new X509CertSelector());
            parameters.setMaxPathLength(config.verifyDepth());
            parameters.setRevocationEnabled(false);
            if (config.crl() != null) {
                Collection<? extends CRL> crls;
                try (InputStream in = Files.newInputStream(config.crl())) {
                    crls = CertificateFactory.getInstance("X.509").generateCRLs(in);
                }
                if (crls.isEmpty()) {
                    throw new IOException(config.crl() + ": no CRL in the file");
                }
                parameters.addCertStore(CertStore.getInstance("Collection",
                        new CollectionCertStoreParameters(crls)));
                PKIXRevocationChecker revocation = (PKIXRevocationChecker) CertPathBuilder.getInstance("PKIX")
                        .getRevocationChecker();
                revocation.setOptions(EnumSet.of(PKIXRevocationChecker.Option.ONLY_END_ENTITY,
                        PKIXRevocationChecker.Option.PREFER_CRLS, PKIXRevocationChecker.Option.NO_FALLBACK));
                parameters.addCertPathChecker(revocation);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(new CertPathTrustManagerParameters(parameters));
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager extended) {
                    return extended;
                }
            }
            throw new IOException("no X.509 trust manager in this JDK");
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use client-ca " + config.ca() + (config.crl() == null ? ""
                    : " with crl " + config.crl()) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("a listener verifies clients, not servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("a listener verifies clients, not servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a listener verifies clients, not servers");
    }
}
