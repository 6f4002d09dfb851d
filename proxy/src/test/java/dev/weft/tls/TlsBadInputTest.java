package dev.weft.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.IoMode;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.TlsKit.PemPair;
import dev.weft.testkit.TlsKit;
import dev.weft.testkit.WeftFixture;
import dev.weft.tls.SelfSignedCertificate.KeyKind;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bad clients on a TLS port are closed, each on its own, and a good client connected alongside keeps working:
 * its bytes still come back whole after every bad one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsBadInputTest {
    @TempDir
    static Path directory;
    static PemPair certificate;
    static SSLContext client;
    static TestServer backend;

    @BeforeAll
    static void setUp() throws Exception {
        certificate = TlsKit.write(directory, "bad", SelfSignedCertificate.create(KeyKind.EC, Duration.ofDays(1),
                "bad.test"));
        client = TlsKit.trusting(certificate.certificate().leaf());
        backend = TestServer.start(TestServer.ECHO);
    }

    @AfterAll
    static void tearDown() throws IOException {
        backend.close();
    }

    private static WeftFixture weft(IoMode io) throws Exception {
        return WeftFixture.start(io, """
                weft {
                  listeners.secure {
                    bind = "127.0.0.1:0", backend = app, protocol = tls
                    tls { certificates = [%s], handshake-timeout = 1s }
                  }
                  backends.app { endpoints = ["%s"], health-check.enabled = false }
                }
                """.formatted(certificate.hocon(), backend.hostPort()));
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void randomBytesPlainHttpAndTruncatedHellosAreClosedWhileAGoodClientStreamsOn(IoMode io) throws Exception {
        byte[] garbage = new byte[4096];
        new SplittableRandom(3).nextBytes(garbage);
        byte[] hello = TlsKit.clientHello("bad.test");
        byte[][] badOpenings = {
                garbage,
                "GET / HTTP/1.1\r\nHost: bad.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                Arrays.copyOf(hello, hello.length / 2),
        };
        try (WeftFixture weft = weft(io);
             SSLSocket good = TlsKit.connect(client, weft.address(), "bad.test")) {
            for (byte[] opening : badOpenings) {
                try (Socket bad = new Socket(weft.address().getAddress(), weft.address().getPort())) {
                    bad.setSoTimeout(20_000);
                    bad.getOutputStream().write(opening);
                    bad.shutdownOutput();
                    assertClosedByWeft(bad);
                }
                byte[] message = ("still here after " + opening.length + " bad bytes").getBytes();
                good.getOutputStream().write(message);
                assertArrayEquals(message, good.getInputStream().readNBytes(message.length));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void aClientSendingOneBytePerIntervalIsClosedAtTheHandshakeTimeout(IoMode io) throws Exception {
        byte[] hello = TlsKit.clientHello("bad.test");
        try (WeftFixture weft = weft(io);
             Socket slow = new Socket(weft.address().getAddress(), weft.address().getPort())) {
            slow.setSoTimeout(20_000);
            CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> {
                try {
                    return slow.getInputStream().read() < 0;
                } catch (IOException reset) {
                    return true;
                }
            });
            int sent = 0;
            try {
                // The whole hello would take far longer than the 1 s handshake timeout at this pace.
                while (sent < hello.length && !closed.isDone()) {
                    slow.getOutputStream().write(hello[sent++]);
                    Thread.sleep(200);
                }
            } catch (SocketException closedUnderUs) {
                // Weft closed the connection while this client was still sending: what the test expects.
            }
            assertTrue(closed.get(20, TimeUnit.SECONDS), "closed by Weft");
            assertTrue(sent < hello.length, "closed before the ClientHello was complete (" + sent + " of "
                    + hello.length + " bytes sent)");
        }
    }

    /** Weft answers at most an alert, then closes: the client reads to end of stream (or a reset). */
    private static void assertClosedByWeft(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            byte[] buffer = new byte[1024];
            int total = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
            }
            assertTrue(total <= 64, "at most an alert before the close, got " + total + " bytes");
        } catch (SocketException reset) {
            assertEquals("Connection reset", reset.getMessage());
        }
    }
}
