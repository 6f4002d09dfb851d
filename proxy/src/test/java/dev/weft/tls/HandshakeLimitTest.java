package dev.weft.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.testkit.TestServer;
import dev.weft.testkit.TlsEngine;
import dev.weft.testkit.TlsKit.PemPair;
import dev.weft.testkit.TlsKit;
import dev.weft.testkit.WeftFixture;
import dev.weft.tls.SelfSignedCertificate.KeyKind;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The handshake limit bounds handshake CPU, not clients: silent and trickling clients hold no slot while they send
 * nothing, so a good client is served at once, and each of them is closed at its own handshake timeout.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandshakeLimitTest {
    private static final int SILENT = 16;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void silentAndTricklingClientsDelayNobody(TlsEngine engine) throws Exception {
        PemPair certificate = TlsKit.write(dir, "limit", SelfSignedCertificate.create(KeyKind.EC,
                Duration.ofDays(1), "limit.test"));
        List<Socket> silent = new ArrayList<>();
        try (TestServer backend = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.start(engine.io(), """
                     weft {
                       listeners.secure {
                         bind = "127.0.0.1:0", backend = app, protocol = tls
                         tls { certificates = [%s], max-concurrent-handshakes = 1, handshake-timeout = 5s, %s }
                       }
                       backends.app { endpoints = ["%s"], health-check.enabled = false }
                     }
                     """.formatted(certificate.hocon(), engine.setting(), backend.hostPort()))) {
            for (int i = 0; i < SILENT; i++) {
                silent.add(new Socket(weft.address().getAddress(), weft.address().getPort()));
            }
            // One more sends the start of a ClientHello record, then nothing.
            Socket trickling = new Socket(weft.address().getAddress(), weft.address().getPort());
            trickling.getOutputStream().write(Arrays.copyOf(TlsKit.clientHello("limit.test"), 40));
            silent.add(trickling);
            for (int round = 0; round < 3; round++) {
                try (SSLSocket good = TlsKit.connect(TlsKit.trusting(certificate.certificate().leaf()),
                        weft.address(), "limit.test")) {
                    good.getOutputStream().write("served".getBytes());
                    assertEquals("served", new String(good.getInputStream().readNBytes(6)));
                }
            }
            for (Socket socket : silent) {
                socket.setSoTimeout(50);
                assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read(),
                        "still open, still waiting for its own handshake, when the good clients were done");
            }
            for (Socket socket : silent) {
                socket.setSoTimeout(20_000);
                try (socket) {
                    assertEquals(-1, socket.getInputStream().read(), "closed at its handshake timeout");
                } catch (SocketException reset) {
                    // Closed with a reset: as good.
                }
            }
        } finally {
            for (Socket socket : silent) {
                socket.close();
            }
        }
    }
}
