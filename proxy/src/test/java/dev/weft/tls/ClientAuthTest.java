package dev.weft.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proxyprotocol.ClientCertificate;
import dev.weft.server.StartupException;
import dev.weft.testkit.Await;
import dev.weft.testkit.LogCapture;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.TlsEngine;
import dev.weft.testkit.TlsKit.PemPair;
import dev.weft.testkit.TlsKit;
import dev.weft.testkit.WeftFixture;
import dev.weft.tls.SelfSignedCertificate.KeyKind;
import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Client certificates on a listener, on both engines: verified against client-ca, refused without one (required)
 * or served without one (optional), refused from another authority or once the CRL revokes it, the CRL rotated
 * from its file; failures counted by reason; the verified subject and fingerprint in the access log.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientAuthTest {
    @TempDir
    static Path dir;
    static SelfSignedCertificate authority;
    static Path caFile;
    static PemPair front;
    static SelfSignedCertificate goodClient;
    static SelfSignedCertificate strangerClient;

    @BeforeAll
    static void makeCertificates() throws Exception {
        authority = SelfSignedCertificate.authority("Client CA");
        caFile = TlsKit.write(dir, "client-ca", authority).cert();
        front = TlsKit.write(dir, "front", SelfSignedCertificate.create(KeyKind.EC, Duration.ofDays(1), "db.test"));
        goodClient = authority.issue(KeyKind.EC, "app.client.test");
        strangerClient = SelfSignedCertificate.authority("Other CA").issue(KeyKind.EC, "stranger.test");
    }

    /** A CRL of {@code authority} revoking {@code revoked}, written over {@code file} by an atomic rename. */
    private static void writeCrl(Path file, X509Certificate... revoked) throws Exception {
        Instant now = Instant.now();
        X509v2CRLBuilder builder = new X509v2CRLBuilder(new JcaX509CertificateHolder(authority.leaf()).getSubject(),
                Date.from(now.minusSeconds(60)));
        builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(1))));
        for (X509Certificate certificate : revoked) {
            builder.addCRLEntry(certificate.getSerialNumber(), Date.from(now.minusSeconds(30)), 0);
        }
        X509CRLHolder crl = builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(authority.keys().getPrivate()));
        Path written = Files.createTempFile(dir, "crl", ".pem");
        try (Writer out = Files.newBufferedWriter(written); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(crl);
        }
        Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static WeftFixture weft(TlsEngine engine, TestServer backend, String clientAuth, Path log)
            throws Exception {
        return WeftFixture.start(engine.io(), """
                weft {
                  listeners.secure {
                    bind = "127.0.0.1:0", backend = app, protocol = tls
                    tls { certificates = [%s], certificate-check-interval = 100ms, %s, %s }
                  }
                  backends.app { endpoints = ["%s"], health-check.enabled = false }
                  access-log { enabled = true, path = "%s", format = json }
                }
                """.formatted(front.hocon(), engine.setting(), clientAuth, backend.hostPort(), log));
    }

    /**
     * A client that presents {@code certificate} (null: none) whatever authorities the server names: the JDK's own
     * key manager would send nothing rather than a certificate of an authority the server did not ask for.
     */
    private static SSLContext presenting(SelfSignedCertificate certificate) throws Exception {
        if (certificate == null) {
            return TlsKit.trusting(front.certificate().leaf());
        }
        X509ExtendedKeyManager always = new X509ExtendedKeyManager() {
            @Override
            public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
                return "client";
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return "client";
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return certificate.chain().toArray(X509Certificate[]::new);
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return certificate.keys().getPrivate();
            }

            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return new String[] {"client"};
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return null;
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {always}, new TrustManager[] {new TrustAnyCertificate()}, null);
        return context;
    }

    /** A round trip as {@code certificate}'s holder (null: none), or the exception the handshake ended in. */
    private static void echo(WeftFixture weft, SelfSignedCertificate certificate) throws Exception {
        try (SSLSocket socket = TlsKit.connect(presenting(certificate), weft.address(), "db.test")) {
            socket.getOutputStream().write('!');
            int echoed = socket.getInputStream().read();
            if (echoed != '!') {
                throw new IOException("closed after the handshake: " + echoed);
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static long failures(WeftFixture weft, String reason) {
        String prefix = "weft_listener_handshake_failures_total{listener=\"secure\",reason=\"" + reason + "\"} ";
        return weft.server().metrics().lines().filter(line -> line.startsWith(prefix))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(prefix.length()))).sum();
    }

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void requiredVerifiesAgainstTheAuthorityAndTheCrlWhichRotatesFromItsFile(TlsEngine engine) throws Exception {
        Path crl = dir.resolve("clients-" + engine + ".crl");
        writeCrl(crl);
        Path log = dir.resolve("access-" + engine + ".log");
        try (LogCapture logs = LogCapture.attach();
             TestServer backend = TestServer.start(TestServer.ECHO);
             WeftFixture weft = weft(engine, backend, "client-auth = required, client-ca = \"" + caFile
                     + "\", crl = \"" + crl + "\"", log)) {
            echo(weft, goodClient);
            String fingerprint = ClientCertificate.of(goodClient.leaf()).sha256();
            Await.until(() -> read(log).contains(fingerprint), Duration.ofSeconds(10),
                    () -> "the access log names the client certificate");
            String line = Files.readString(log).lines().filter(l -> l.contains(fingerprint)).findFirst().orElseThrow();
            assertTrue(line.contains("\"client_subject\":\"" + goodClient.leaf().getSubjectX500Principal().getName()
                    + "\""), line);
            assertTrue(line.contains("DNS:app.client.test"), line);

            assertThrows(IOException.class, () -> echo(weft, null), "no certificate");
            Await.until(() -> failures(weft, "no-client-certificate") == 1, Duration.ofSeconds(10),
                    () -> "counted as no-client-certificate: " + weft.server().metrics());
            assertThrows(IOException.class, () -> echo(weft, strangerClient), "another authority");
            Await.until(() -> failures(weft, "bad-client-certificate") == 1, Duration.ofSeconds(10),
                    () -> "counted as bad-client-certificate: " + weft.server().metrics());

            writeCrl(crl, goodClient.leaf());
            logs.await("certificates reloaded", Duration.ofSeconds(20));
            assertThrows(IOException.class, () -> echo(weft, goodClient), "revoked by the rotated CRL");
            Await.until(() -> failures(weft, "bad-client-certificate") == 2, Duration.ofSeconds(10),
                    () -> "counted as bad-client-certificate: " + weft.server().metrics());
        }
    }

    /** A CRL file that holds a certificate instead: OpenSSL would trust that certificate, so it is refused. */
    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void aCrlFileThatIsNotACrlIsAStartupErrorNamingIt(TlsEngine engine) throws Exception {
        try (TestServer backend = TestServer.start(TestServer.ECHO)) {
            StartupException refused = assertThrows(StartupException.class, () -> weft(engine, backend,
                    "client-auth = required, client-ca = \"" + caFile + "\", crl = \"" + caFile + "\"",
                    dir.resolve("refused-" + engine + ".log")).close());
            assertTrue(refused.getMessage().contains(caFile.toString()), refused.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void optionalServesClientsWithoutACertificateButNotWithABadOne(TlsEngine engine) throws Exception {
        try (TestServer backend = TestServer.start(TestServer.ECHO);
             WeftFixture weft = weft(engine, backend, "client-auth = optional, client-ca = \"" + caFile + "\"",
                     dir.resolve("optional-" + engine + ".log"))) {
            echo(weft, null);
            echo(weft, goodClient);
            assertThrows(IOException.class, () -> echo(weft, strangerClient));
            assertEquals(0, failures(weft, "no-client-certificate"));
        }
    }
}
