package dev.weft.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.testkit.Await;
import dev.weft.testkit.LogCapture;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.TlsEngine;
import dev.weft.testkit.TlsKit;
import dev.weft.testkit.WeftFixture;
import dev.weft.tls.SelfSignedCertificate.KeyKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Certificate files replaced on disk: new connections get the new certificate, open ones are untouched. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CertificateRotationTest {
    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void aReplacedCertificateServesNewConnectionsAndABrokenOneIsIgnored(TlsEngine engine) throws Exception {
        SelfSignedCertificate first = SelfSignedCertificate.create(KeyKind.EC, Duration.ofDays(1), "r.test");
        SelfSignedCertificate second = SelfSignedCertificate.create(KeyKind.RSA, Duration.ofDays(1), "r.test");
        Path cert = directory.resolve("live.pem");
        Path key = directory.resolve("live.key");
        first.writePem(cert, key);
        X509Certificate[] trusted = {first.leaf(), second.leaf()};
        try (LogCapture log = LogCapture.attach();
             TestServer backend = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.start(engine.io(), """
                     weft {
                       listeners.secure {
                         bind = "127.0.0.1:0", backend = app, protocol = tls
                         tls { certificates = [{ cert = "%s", key = "%s" }], certificate-check-interval = 100ms, %s }
                       }
                       backends.app { endpoints = ["%s"], health-check.enabled = false }
                     }
                     """.formatted(cert, key, engine.setting(), backend.hostPort()));
             SSLSocket before = TlsKit.connect(TlsKit.trusting(trusted), weft.address(), "r.test")) {
            assertEquals(first.leaf(), TlsKit.served(before));

            // Replaced the way deploy tools do it: written elsewhere, then renamed over the old files.
            second.writePem(cert, key);
            Await.until(() -> served(trusted, weft).equals(second.leaf()), Duration.ofSeconds(20),
                    () -> "the new certificate was never served");
            echo(before, "the connection from before the rotation still works");

            Path broken = directory.resolve("broken.pem");
            Files.writeString(broken, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
            Files.move(broken, cert, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            log.await("keeping the current certificates", Duration.ofSeconds(20));
            assertEquals(second.leaf(), served(trusted, weft), "the last good certificate stays");
        }
    }

    private static X509Certificate served(X509Certificate[] trusted, WeftFixture weft) {
        // A fresh client each time: a resumed session would show the certificate of the session it resumes.
        try (SSLSocket socket = TlsKit.connect(TlsKit.trusting(trusted), weft.address(), "r.test")) {
            return TlsKit.served(socket);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void echo(SSLSocket socket, String text) throws Exception {
        socket.getOutputStream().write(text.getBytes());
        assertArrayEquals(text.getBytes(), socket.getInputStream().readNBytes(text.length()));
    }
}
