package dev.weft.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.IoMode;
import dev.weft.testkit.OpenSslClient;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.TlsEngine;
import dev.weft.testkit.TlsKit.PemPair;
import dev.weft.testkit.TlsKit;
import dev.weft.testkit.WeftFixture;
import dev.weft.tls.SelfSignedCertificate.KeyKind;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsTerminationTest {
    private static final long FOUR_MIB = 4L << 20;

    @TempDir
    static Path certificates;
    static PemPair defaultRsa;
    static PemPair apiEc;
    static PemPair apiRsa;
    static PemPair wildcard;
    static SSLContext client;

    @BeforeAll
    static void makeCertificates() throws Exception {
        defaultRsa = TlsKit.write(certificates, "default", SelfSignedCertificate.create(KeyKind.RSA,
                Duration.ofDays(1), "default.test"));
        apiEc = TlsKit.write(certificates, "api-ec", SelfSignedCertificate.create(KeyKind.EC, Duration.ofDays(1),
                "api.test"));
        apiRsa = TlsKit.write(certificates, "api-rsa", SelfSignedCertificate.create(KeyKind.RSA,
                Duration.ofDays(1), "api.test"));
        wildcard = TlsKit.write(certificates, "wildcard", SelfSignedCertificate.create(KeyKind.EC,
                Duration.ofDays(1), "*.apps.test"));
        client = TlsKit.trusting(defaultRsa.certificate().leaf(), apiEc.certificate().leaf(),
                apiRsa.certificate().leaf(), wildcard.certificate().leaf());
    }

    private static WeftFixture terminating(TlsEngine engine, String backend, String tlsSettings) throws Exception {
        return terminating(engine.io(), backend, tlsSettings + "\n" + engine.setting());
    }

    private static WeftFixture terminating(IoMode io, String backend, String tlsSettings) throws Exception {
        return WeftFixture.start(io, """
                weft {
                  listeners.secure {
                    bind = "127.0.0.1:0", backend = app, protocol = tls
                    tls {
                      certificates = [%s, %s, %s, %s]
                      %s
                    }
                  }
                  backends.app { endpoints = ["%s"], health-check.enabled = false }
                }
                """.formatted(defaultRsa.hocon(), apiEc.hocon(), apiRsa.hocon(), wildcard.hocon(), tlsSettings,
                backend));
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void bytesArriveIntactBothWaysThroughTermination(IoMode io) throws Exception {
        try (TestServer backend = TestServer.start(TestServer.ECHO);
             WeftFixture weft = terminating(io, backend.hostPort(), "");
             SSLSocket socket = TlsKit.connect(client, weft.address(), "api.test")) {
            assertEquals(Streams.expected(7, FOUR_MIB), TlsKit.assertEchoedIntact(socket, 7, FOUR_MIB));
            assertEquals("TLSv1.3", socket.getSession().getProtocol());
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void tls12ClientsAreProxiedToo(IoMode io) throws Exception {
        try (TestServer backend = TestServer.start(TestServer.ECHO);
             WeftFixture weft = terminating(io, backend.hostPort(), "");
             SSLSocket socket = TlsKit.connect(client, weft.address(), "api.test", new String[] {"TLSv1.2"},
                     null)) {
            socket.getOutputStream().write("ping over 1.2\n".getBytes());
            byte[] back = socket.getInputStream().readNBytes(14);
            assertEquals("ping over 1.2\n", new String(back));
            assertEquals("TLSv1.2", socket.getSession().getProtocol());
        }
    }

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void sniPicksExactNamesThenWildcardsAndFallsBackToTheFirstCertificate(TlsEngine engine) throws Exception {
        try (TestServer backend = TestServer.start(TestServer.ECHO);
             WeftFixture weft = terminating(engine, backend.hostPort(), "")) {
            assertEquals(apiEc.certificate().leaf(), servedTo(weft, "api.test"));
            assertEquals(wildcard.certificate().leaf(), servedTo(weft, "one.apps.test"));
            assertEquals(defaultRsa.certificate().leaf(), servedTo(weft, "deep.one.apps.test"),
                    "a wildcard covers one label only");
            assertEquals(defaultRsa.certificate().leaf(), servedTo(weft, "unknown.test"));
            assertEquals(defaultRsa.certificate().leaf(), servedTo(weft, null));
        }
    }

    /**
     * OpenSSL only: the JDK's own ClientHello parser refuses an SNI with a trailing dot or any byte outside a host
     * name (with an illegal_parameter alert), before Weft sees it, and no engine setting changes that.
     */
    @Test
    void aTrailingDotIsTheSameNameAndAnSniThatIsNotANameGetsTheDefault() throws Exception {
        try (TestServer backend = TestServer.start(channel -> Streams.write(channel, "bye"));
             WeftFixture weft = terminating(TlsEngine.OPENSSL, backend.hostPort(), "")) {
            String dotted = OpenSslClient.connect(weft.address(), "api.test.", "-tls1_3", null, null);
            assertTrue(dotted.contains("subject=CN = api.test"), dotted);
            for (String hostile : new String[] {"api.test\nforged=1", "api\"test", "\u001b[31mapi.test"}) {
                String output = OpenSslClient.connect(weft.address(), hostile, "-tls1_3", null, null);
                assertTrue(output.contains("subject=CN = default.test"), hostile + ": " + output);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void oneNameWithRsaAndEcdsaCertificatesServesWhatTheClientSupports(TlsEngine engine) throws Exception {
        try (TestServer backend = TestServer.start(TestServer.ECHO);
             WeftFixture weft = terminating(engine, backend.hostPort(), "")) {
            String[] tls12 = {"TLSv1.2"};
            try (SSLSocket ecdsaOnly = TlsKit.connect(client, weft.address(), "api.test", tls12,
                    new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"})) {
                assertEquals(apiEc.certificate().leaf(), TlsKit.served(ecdsaOnly));
            }
            try (SSLSocket rsaOnly = TlsKit.connect(client, weft.address(), "api.test", tls12,
                    new String[] {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"})) {
                assertEquals(apiRsa.certificate().leaf(), TlsKit.served(rsaOnly));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void fifteenCertificatesEachServeTheirOwnName(TlsEngine engine) throws Exception {
        List<String> hocon = new ArrayList<>();
        List<SelfSignedCertificate> made = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            SelfSignedCertificate certificate = SelfSignedCertificate.create(KeyKind.EC, Duration.ofDays(1),
                    "site" + i + ".test");
            made.add(certificate);
            hocon.add(TlsKit.write(certificates.resolve("fifteen"), "site" + i, certificate).hocon());
        }
        X509Certificate[] leaves = made.stream().map(SelfSignedCertificate::leaf).toArray(X509Certificate[]::new);
        try (TestServer backend = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.start(engine.io(), """
                     weft {
                       listeners.secure {
                         bind = "127.0.0.1:0", backend = app, protocol = tls
                         tls { certificates = [%s], %s }
                       }
                       backends.app { endpoints = ["%s"], health-check.enabled = false }
                     }
                     """.formatted(String.join(", ", hocon), engine.setting(), backend.hostPort()))) {
            for (int i = 14; i >= 0; i--) {
                // A fresh client each time, so that no session is resumed across names.
                try (SSLSocket socket = TlsKit.connect(TlsKit.trusting(leaves), weft.address(),
                        "site" + i + ".test")) {
                    assertEquals(made.get(i).leaf(), TlsKit.served(socket));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void alpnAdvertisesTheConfiguredProtocols(TlsEngine engine) throws Exception {
        try (TestServer backend = TestServer.start(TestServer.ECHO);
             WeftFixture weft = terminating(engine, backend.hostPort(), "alpn = [\"h2\", \"http/1.1\"]");
             SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(weft.address().getAddress(),
                     weft.address().getPort())) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"http/1.1"});
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            assertEquals("http/1.1", socket.getApplicationProtocol());
        }
    }

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void sessionsResumeUnlessResumptionIsOff(TlsEngine engine) throws Exception {
        for (String version : new String[] {"TLSv1.2", "TLSv1.3"}) {
            assertEquals(1, fullHandshakesForTwoConnections(engine, version, ""), version + " with resumption");
            assertEquals(2, fullHandshakesForTwoConnections(engine, version, "session-resumption.enabled = false"),
                    version + " without resumption");
        }
    }

    private long fullHandshakesForTwoConnections(TlsEngine engine, String version, String settings) throws Exception {
        SSLContext sameClient = TlsKit.trusting(apiEc.certificate().leaf(), defaultRsa.certificate().leaf());
        try (TestServer backend = TestServer.start(TestServer.ECHO);
             WeftFixture weft = terminating(engine, backend.hostPort(), settings)) {
            for (int i = 0; i < 2; i++) {
                try (SSLSocket socket = TlsKit.connect(sameClient, weft.address(), "api.test",
                        new String[] {version}, null)) {
                    // A TLS 1.3 ticket arrives after the handshake: an exchange makes sure the client has it.
                    socket.getOutputStream().write('x');
                    assertEquals('x', socket.getInputStream().read());
                }
            }
            return weft.server().serverTls("secure").fullHandshakes();
        }
    }

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void aClientBelowThePolicyMinimumGetsAnAlert(TlsEngine engine) throws Exception {
        try (TestServer backend = TestServer.start(TestServer.ECHO);
             WeftFixture weft = terminating(engine, backend.hostPort(),
                     "policy { profile = MODERN, min-version = TLSv1.3 }")) {
            SSLHandshakeException refused = assertThrows(SSLHandshakeException.class, () ->
                    TlsKit.connect(client, weft.address(), "api.test", new String[] {"TLSv1.2"}, null));
            assertTrue(refused.getMessage().contains("protocol_version")
                    || refused.getMessage().contains("handshake_failure"), refused.getMessage());
            try (SSLSocket good = TlsKit.connect(client, weft.address(), "api.test")) {
                assertEquals("TLSv1.3", good.getSession().getProtocol());
            }
        }
    }

    private static X509Certificate servedTo(WeftFixture weft, String serverName)
            throws Exception {
        // A fresh client each time: a client resumes the session it has for this address whatever name it asks.
        SSLContext fresh = TlsKit.trusting(defaultRsa.certificate().leaf(), apiEc.certificate().leaf(),
                apiRsa.certificate().leaf(), wildcard.certificate().leaf());
        try (SSLSocket socket = TlsKit.connect(fresh, weft.address(), serverName)) {
            return TlsKit.served(socket);
        }
    }
}
