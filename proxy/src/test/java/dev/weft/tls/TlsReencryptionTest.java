package dev.weft.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.IoMode;
import dev.weft.testkit.LogCapture;
import dev.weft.testkit.Streams.Digest;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.TlsEcho;
import dev.weft.testkit.TlsEngine;
import dev.weft.testkit.TlsKit.PemPair;
import dev.weft.testkit.TlsKit;
import dev.weft.testkit.WeftFixture;
import dev.weft.tls.SelfSignedCertificate.KeyKind;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** TLS from Weft to the backend: verified against a CA file and a server name, with a client certificate. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsReencryptionTest {
    private static final long FOUR_MIB = 4L << 20;

    @TempDir
    static Path directory;
    static SelfSignedCertificate authority;
    static Path caFile;
    static SSLContext backendContext;
    static PemPair front;
    static PemPair clientCert;

    @BeforeAll
    static void makeCertificates() throws Exception {
        authority = SelfSignedCertificate.authority("Test CA");
        caFile = TlsKit.write(directory, "ca", authority).cert();
        backendContext = TlsKit.serving(authority.issue(KeyKind.EC, "backend.internal"), authority.leaf());
        front = TlsKit.write(directory, "front", SelfSignedCertificate.create(KeyKind.EC, Duration.ofDays(1),
                "front.test"));
        clientCert = TlsKit.write(directory, "weft-client", authority.issue(KeyKind.EC, "weft.internal"));
    }

    private static String backendTls(String serverName) {
        return backendTls(serverName, "");
    }

    private static String backendTls(String serverName, String settings) {
        return """
                protocol = tls
                tls { trust = "%s", server-name = "%s", client-cert { cert = "%s", key = "%s" }, %s }
                """.formatted(caFile, serverName, clientCert.cert(), clientCert.key(), settings);
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void plainClientsAreEncryptedToAVerifiedBackend(IoMode io) throws Exception {
        TlsEcho echo = new TlsEcho(backendContext, true);
        try (TestServer backend = TestServer.start(echo);
             WeftFixture weft = WeftFixture.proxyTo(io, backendTls("backend.internal"), backend.hostPort());
             SocketChannel client = weft.connect()) {
            CompletableFuture<Digest> echoed = CompletableFuture.supplyAsync(() -> {
                try {
                    return Streams.receive(client);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Digest sent = Streams.send(client, 11, FOUR_MIB);
            client.shutdownOutput();
            assertEquals(sent, echoed.get(30, TimeUnit.SECONDS));
            assertEquals("backend.internal", echo.serverNames().take(), "SNI sent to the backend");
            assertEquals(clientCert.certificate().leaf(), echo.clientCertificates().take(),
                    "Weft's client certificate");
        }
    }

    @Test
    void tlsClientsAreReencryptedEndToEnd() throws Exception {
        try (TestServer backend = TestServer.start(new TlsEcho(backendContext, true));
             WeftFixture weft = WeftFixture.start(IoMode.NATIVE_SPLICE, """
                     weft {
                       listeners.secure {
                         bind = "127.0.0.1:0", backend = app, protocol = tls
                         tls.certificates = [%s]
                       }
                       backends.app { endpoints = ["%s"], health-check.enabled = false, %s }
                     }
                     """.formatted(front.hocon(), backend.hostPort(), backendTls("backend.internal")));
             SSLSocket client = TlsKit.connect(TlsKit.trusting(front.certificate().leaf()), weft.address(),
                     "front.test")) {
            TlsKit.assertEchoedIntact(client, 12, FOUR_MIB);
        }
    }

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void aBackendWhoseNameDoesNotMatchIsRefusedAndCountsAsAFailure(TlsEngine engine) throws Exception {
        try (LogCapture log = LogCapture.attach();
             TestServer backend = TestServer.start(new TlsEcho(backendContext, true));
             WeftFixture weft = WeftFixture.proxyTo(engine.io(), backendTls("other.internal", engine.setting()),
                     backend.hostPort());
             SocketChannel client = weft.connect()) {
            // Nothing written: unread bytes would turn Weft's FIN into a reset.
            assertEquals(-1, client.read(ByteBuffer.allocate(16)), "client closed");
            String line = log.await("failed the TLS handshake", Duration.ofSeconds(10));
            assertTrue(line.contains("not for other.internal") || line.contains("No subject alternative"), line);
        }
    }

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void anUntrustedBackendIsRefusedUnlessTrustIsInsecure(TlsEngine engine) throws Exception {
        SSLContext selfSigned = TlsKit.serving(SelfSignedCertificate.create(KeyKind.EC, Duration.ofDays(1),
                "backend.internal"));
        try (TestServer backend = TestServer.start(new TlsEcho(selfSigned, false))) {
            try (WeftFixture weft = WeftFixture.proxyTo(engine.io(), """
                    protocol = tls
                    tls { trust = "%s", server-name = backend.internal, %s }
                    """.formatted(caFile, engine.setting()), backend.hostPort());
                 SocketChannel client = weft.connect()) {
                assertEquals(-1, client.read(ByteBuffer.allocate(16)), "closed: untrusted backend");
            }
            try (WeftFixture weft = WeftFixture.proxyTo(engine.io(), "protocol = tls, tls.trust = insecure, tls."
                    + engine.setting(), backend.hostPort());
                 SocketChannel client = weft.connect()) {
                Streams.write(client, "x");
                assertEquals("x", Streams.readExactly(client, 1), "proxied: trust = insecure");
            }
        }
    }
}
