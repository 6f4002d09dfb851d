package dev.weft.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.config.CertificateSource;
import dev.weft.tls.SelfSignedCertificate.KeyForm;
import dev.weft.tls.SelfSignedCertificate.KeyKind;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every key form users have, PKCS#12, and the checks made when certificates load. */
class PemFormsTest {
    @TempDir
    Path directory;

    @Test
    void readsPkcs8Pkcs1AndSec1Keys() throws Exception {
        for (KeyKind kind : KeyKind.values()) {
            for (KeyForm form : KeyForm.values()) {
                SelfSignedCertificate made = SelfSignedCertificate.create(kind, Duration.ofDays(1), "k.test");
                Path cert = directory.resolve(kind + "-" + form + ".pem");
                Path key = directory.resolve(kind + "-" + form + ".key");
                made.writePem(cert, key, form);
                String header = Files.readAllLines(key).getFirst();
                assertEquals(form == KeyForm.PKCS8 ? "-----BEGIN PRIVATE KEY-----"
                        : kind == KeyKind.RSA ? "-----BEGIN RSA PRIVATE KEY-----" : "-----BEGIN EC PRIVATE KEY-----",
                        header);
                ServerCertificate loaded = CertificateLoader.load(new CertificateSource.Pem(cert, key), w -> { });
                assertEquals(made.leaf(), loaded.leaf());
                assertEquals(kind == KeyKind.RSA ? "RSA" : "EC", loaded.keyType());
                assertEquals(Set.of("k.test"), loaded.names());
            }
        }
    }

    @Test
    void readsPkcs12() throws Exception {
        SelfSignedCertificate made = SelfSignedCertificate.create(KeyKind.RSA, Duration.ofDays(1), "p12.test");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("site", made.keys().getPrivate(), "secret".toCharArray(),
                made.chain().toArray(X509Certificate[]::new));
        Path file = directory.resolve("site.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, "secret".toCharArray());
        }
        ServerCertificate loaded = CertificateLoader.load(new CertificateSource.Pkcs12(file, "secret"), w -> { });
        assertEquals(made.leaf(), loaded.leaf());
        IOException wrongPassword = assertThrows(IOException.class, () ->
                CertificateLoader.load(new CertificateSource.Pkcs12(file, "wrong"), w -> { }));
        assertTrue(wrongPassword.getMessage().contains(file.toString()), wrongPassword.getMessage());
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsAnErrorNamingTheFile() throws Exception {
        Path cert = directory.resolve("a.pem");
        Path key = directory.resolve("b.key");
        SelfSignedCertificate.create(KeyKind.EC, Duration.ofDays(1), "a.test").writePem(cert,
                directory.resolve("a.key"));
        SelfSignedCertificate.create(KeyKind.EC, Duration.ofDays(1), "b.test").writePem(directory.resolve("b.pem"),
                key);
        IOException mismatch = assertThrows(IOException.class, () ->
                CertificateLoader.load(new CertificateSource.Pem(cert, key), w -> { }));
        assertTrue(mismatch.getMessage().contains("does not match") && mismatch.getMessage().contains("a.pem"),
                mismatch.getMessage());
    }

    @Test
    void anExpiredCertificateLoadsWithAWarning() throws Exception {
        Path cert = directory.resolve("old.pem");
        Path key = directory.resolve("old.key");
        SelfSignedCertificate.issue(KeyKind.EC, Instant.now().minus(Duration.ofDays(10)), Duration.ofDays(1), null,
                false, "old.test").writePem(cert, key);
        List<String> warnings = new ArrayList<>();
        CertificateLoader.load(new CertificateSource.Pem(cert, key), warnings::add);
        assertEquals(1, warnings.size());
        assertTrue(warnings.getFirst().contains("expired"), warnings.getFirst());
    }

    @Test
    void aFileWithoutAKeyIsAnError() throws Exception {
        Path cert = directory.resolve("c.pem");
        SelfSignedCertificate.create(KeyKind.EC, Duration.ofDays(1), "c.test").writePem(cert,
                directory.resolve("c.key"));
        IOException noKey = assertThrows(IOException.class, () ->
                CertificateLoader.load(new CertificateSource.Pem(cert, cert), w -> { }));
        assertTrue(noKey.getMessage().contains("no unencrypted private key"), noKey.getMessage());
    }
}
