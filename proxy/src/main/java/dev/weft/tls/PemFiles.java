package dev.weft.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Reads PEM files: certificate chains, and private keys in PKCS#8, PKCS#1 (RSA) and SEC1 (EC) form. */
public final class PemFiles {
    private PemFiles() {
    }

    /** Every certificate in the file, in order (a chain is leaf first). */
    public static List<X509Certificate> certificates(Path file) throws IOException {
        List<X509Certificate> chain = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (var certificate : factory.generateCertificates(in)) {
                chain.add((X509Certificate) certificate);
            }
        } catch (CertificateException e) {
            throw new IOException(file + ": not a PEM certificate chain: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IOException(file + ": no certificate in it");
        }
        return chain;
    }

    /** The first private key in the file, whichever of the three PEM forms it is in. */
    public static PrivateKey privateKey(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file); PEMParser parser = new PEMParser(reader)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            Object item;
            while ((item = parser.readObject()) != null) {
                if (item instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (item instanceof PEMKeyPair pair) {
                    // PKCS#1 or SEC1; a SEC1 key need not carry its public half, so take only the private one.
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": cannot read the private key: " + e.getMessage(), e);
        }
        throw new IOException(file + ": no unencrypted private key in it (PKCS#8 PRIVATE KEY, RSA PRIVATE KEY or"
                + " EC PRIVATE KEY)");
    }
}
