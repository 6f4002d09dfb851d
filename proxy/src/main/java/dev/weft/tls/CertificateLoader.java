package dev.weft.tls;

import dev.weft.config.CertificateSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

/**
 * Loads one {@link CertificateSource} and checks it: the key must belong to the leaf certificate (a test
 * signature proves it), and an expired or not-yet-valid certificate is reported as a warning, since the files may
 * be about to be replaced.
 */
public final class CertificateLoader {
    private static final byte[] PROBE = new byte[32];

    static {
        new SecureRandom().nextBytes(PROBE);
    }

    private CertificateLoader() {
    }

    /** @param warnings receives one line per problem that does not stop the certificate from being used */
    public static ServerCertificate load(CertificateSource source, Consumer<String> warnings) throws IOException {
        ServerCertificate certificate = switch (source) {
            case CertificateSource.Pem pem -> ServerCertificate.of(PemFiles.certificates(pem.cert()),
                    PemFiles.privateKey(pem.key()), pem.cert().toString());
            case CertificateSource.Pkcs12 p12 -> pkcs12(p12);
        };
        if (!keyMatches(certificate)) {
            throw new IOException(certificate.source() + ": the private key does not match the certificate ("
                    + certificate.leaf().getSubjectX500Principal().getName() + ")");
        }
        Date now = new Date();
        X509Certificate leaf = certificate.leaf();
        if (now.after(leaf.getNotAfter())) {
            warnings.accept(certificate.source() + ": certificate " + leaf.getSubjectX500Principal().getName()
                    + " expired on " + leaf.getNotAfter().toInstant());
        } else if (now.before(leaf.getNotBefore())) {
            warnings.accept(certificate.source() + ": certificate " + leaf.getSubjectX500Principal().getName()
                    + " is not valid before " + leaf.getNotBefore().toInstant());
        }
        return certificate;
    }

    private static ServerCertificate pkcs12(CertificateSource.Pkcs12 source) throws IOException {
        char[] password = source.password().toCharArray();
        try (InputStream in = Files.newInputStream(source.file())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    Key key = store.getKey(alias, password);
                    List<X509Certificate> chain = new ArrayList<>();
                    for (Certificate c : store.getCertificateChain(alias)) {
                        chain.add((X509Certificate) c);
                    }
                    if (key instanceof PrivateKey privateKey && !chain.isEmpty()) {
                        return ServerCertificate.of(chain, privateKey, source.file().toString());
                    }
                }
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new IOException(source.file() + ": cannot read the PKCS#12 file: " + e.getMessage(), e);
        }
        throw new IOException(source.file() + ": no private key entry with a certificate chain in it");
    }

    private static boolean keyMatches(ServerCertificate certificate) throws IOException {
        String algorithm = certificate.keyType().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(certificate.key());
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.leaf().getPublicKey());
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            throw new IOException(certificate.source() + ": unsupported key (" + certificate.key().getAlgorithm()
                    + "): " + e.getMessage(), e);
        }
    }
}
