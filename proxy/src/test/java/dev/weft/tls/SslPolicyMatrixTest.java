package dev.weft.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.testkit.TestServer;
import dev.weft.testkit.TlsEngine;
import dev.weft.testkit.TlsKit.PemPair;
import dev.weft.testkit.TlsKit;
import dev.weft.testkit.WeftFixture;
import dev.weft.tls.SelfSignedCertificate.KeyKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every profile at every minimum version: one client the policy must accept (the oldest version it allows, with
 * one of its suites) and one it must refuse (a version below the minimum, or a suite outside the profile).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SslPolicyMatrixTest {
    private static final String CUSTOM_SUITE = "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";
    private static final String TRIPLE_DES = "TLS_RSA_WITH_3DES_EDE_CBC_SHA";

    @TempDir
    static Path directory;
    static PemPair rsa;
    static PemPair ec;
    static SSLContext client;

    @BeforeAll
    static void makeCertificates() throws Exception {
        rsa = TlsKit.write(directory, "rsa", SelfSignedCertificate.create(KeyKind.RSA, Duration.ofDays(1), "p.test"));
        ec = TlsKit.write(directory, "ec", SelfSignedCertificate.create(KeyKind.EC, Duration.ofDays(1), "p.test"));
        client = TlsKit.trusting(rsa.certificate().leaf(), ec.certificate().leaf());
    }

    /**
     * @param allowedVersion  the version the accepted client pins, with {@code allowedSuite} (null: any)
     * @param refusedVersion  the version the refused client pins, with {@code refusedSuite} (null: any)
     */
    record Case(String profile, String minVersion, String allowedVersion, String allowedSuite,
                String refusedVersion, String refusedSuite) {
    }

    static Stream<Arguments> cases() {
        String cbc = "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA";
        String gcm = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
        String sha256Cbc = "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256";
        return Stream.of(
                new Case("COMPATIBLE", "TLSv1.0", "TLSv1", TRIPLE_DES, "TLSv1.2", sha256Cbc),
                new Case("COMPATIBLE", "TLSv1.1", "TLSv1.1", cbc, "TLSv1", null),
                new Case("COMPATIBLE", "TLSv1.2", "TLSv1.2", TRIPLE_DES, "TLSv1.1", null),
                new Case("COMPATIBLE", "TLSv1.3", "TLSv1.3", null, "TLSv1.2", null),
                new Case("MODERN", "TLSv1.0", "TLSv1", cbc, "TLSv1.2", TRIPLE_DES),
                new Case("MODERN", "TLSv1.1", "TLSv1.1", cbc, "TLSv1", null),
                new Case("MODERN", "TLSv1.2", "TLSv1.2", "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLSv1.1", null),
                new Case("MODERN", "TLSv1.3", "TLSv1.3", null, "TLSv1.2", null),
                new Case("RESTRICTED", "TLSv1.0", "TLSv1.2", gcm, "TLSv1.1", null),
                new Case("RESTRICTED", "TLSv1.1", "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                        "TLSv1.2", cbc),
                new Case("RESTRICTED", "TLSv1.2", "TLSv1.2", gcm, "TLSv1.2", "TLS_RSA_WITH_AES_128_GCM_SHA256"),
                new Case("RESTRICTED", "TLSv1.3", "TLSv1.3", null, "TLSv1.2", gcm),
                new Case("CUSTOM", "TLSv1.0", "TLSv1.2", CUSTOM_SUITE, "TLSv1.2", gcm),
                new Case("CUSTOM", "TLSv1.1", "TLSv1.2", CUSTOM_SUITE, "TLSv1", null),
                new Case("CUSTOM", "TLSv1.2", "TLSv1.2", CUSTOM_SUITE, "TLSv1.2", cbc),
                new Case("CUSTOM", "TLSv1.3", "TLSv1.3", null, "TLSv1.2", CUSTOM_SUITE)
        ).flatMap(c -> Stream.of(TlsEngine.values()).map(engine -> Arguments.of(engine + " " + c.profile() + " "
                + c.minVersion(), engine, c)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void acceptsWhatThePolicyAllowsAndRefusesTheRest(String name, TlsEngine engine, Case policy) throws Exception {
        String custom = policy.profile().equals("CUSTOM") ? ", custom-features = [\"" + CUSTOM_SUITE + "\"]" : "";
        try (TestServer backend = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.start(engine.io(), """
                     weft {
                       listeners.secure {
                         bind = "127.0.0.1:0", backend = app, protocol = tls
                         tls {
                           certificates = [%s, %s]
                           policy { profile = %s, min-version = %s %s }
                           %s
                         }
                       }
                       backends.app { endpoints = ["%s"], health-check.enabled = false }
                     }
                     """.formatted(rsa.hocon(), ec.hocon(), policy.profile(), policy.minVersion(), custom,
                     engine.setting(), backend.hostPort()))) {
            // Debian's OpenSSL is built without 3DES, so COMPATIBLE's oldest suite there is AES-CBC with RSA.
            String allowedSuite = engine == TlsEngine.OPENSSL && TRIPLE_DES.equals(policy.allowedSuite())
                    ? "TLS_RSA_WITH_AES_128_CBC_SHA" : policy.allowedSuite();
            try (SSLSocket allowed = TlsKit.connect(client, weft.address(), "p.test",
                    new String[] {policy.allowedVersion()}, suites(allowedSuite))) {
                assertEquals(policy.allowedVersion(), allowed.getSession().getProtocol());
                if (allowedSuite != null) {
                    // The JDK still reports the 3DES suite by its SSL_ name.
                    assertEquals(allowedSuite, allowed.getSession().getCipherSuite().replace("SSL_", "TLS_"));
                }
                allowed.getOutputStream().write('!');
                assertEquals('!', allowed.getInputStream().read(), "proxied after the handshake");
            }
            assertThrows(SSLException.class, () -> TlsKit.connect(client, weft.address(), "p.test",
                    new String[] {policy.refusedVersion()}, suites(policy.refusedSuite())).close());
        }
    }

    private static String[] suites(String suite) {
        return suite == null ? null : new String[] {suite};
    }
}
