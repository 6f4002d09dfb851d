package dev.weft.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.weft.testkit.TestServer;
import dev.weft.testkit.TlsEngine;
import dev.weft.testkit.TlsKit.PemPair;
import dev.weft.testkit.TlsKit;
import dev.weft.testkit.WeftFixture;
import dev.weft.tls.SelfSignedCertificate.KeyKind;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** At max-concurrent-handshakes, a new client waits in the backlog and is served once a handshake ends. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandshakeLimitTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void aClientBeyondTheLimitWaitsAndIsNotKilled(TlsEngine engine) throws Exception {
        PemPair certificate = TlsKit.write(dir, "limit", SelfSignedCertificate.create(KeyKind.EC,
                Duration.ofDays(1), "limit.test"));
        try (TestServer backend = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.start(engine.io(), """
                     weft {
                       listeners.secure {
                         bind = "127.0.0.1:0", backend = app, protocol = tls
                         tls { certificates = [%s], max-concurrent-handshakes = 1, handshake-timeout = 2s, %s }
                       }
                       backends.app { endpoints = ["%s"], health-check.enabled = false }
                     }
                     """.formatted(certificate.hocon(), engine.setting(), backend.hostPort()));
             Socket silent = new Socket(weft.address().getAddress(), weft.address().getPort())) {
            // The silent client holds the only handshake slot until its handshake times out.
            silent.setSoTimeout(20_000);
            CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket waiting = TlsKit.connect(TlsKit.trusting(certificate.certificate().leaf()),
                        weft.address(), "limit.test")) {
                    waiting.getOutputStream().write("served".getBytes());
                    return new String(waiting.getInputStream().readNBytes(6));
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            assertEquals(-1, silent.getInputStream().read(), "the silent client is closed at its timeout");
            // Its slot is freed only now, and a handshake takes far longer than this check: had the waiting
            // client not waited, it would long be done.
            assertFalse(served.isDone(), "the second client waited for the handshake slot");
            assertEquals("served", served.get(20, TimeUnit.SECONDS));
        }
    }
}
