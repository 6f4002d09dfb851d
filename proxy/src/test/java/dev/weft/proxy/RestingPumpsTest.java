package dev.weft.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.testkit.Await;
import dev.weft.testkit.IoMode;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.TlsEcho;
import dev.weft.testkit.TlsKit;
import dev.weft.testkit.TlsKit.PemPair;
import dev.weft.testkit.WeftFixture;
import dev.weft.tls.SelfSignedCertificate;
import dev.weft.tls.SelfSignedCertificate.KeyKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code io.rest-after}: a quiet proxied connection gives both pump threads up (a parked virtual thread keeps its
 * stack), and the next byte from either side, or its end of stream, starts the direction again with nothing
 * lost.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RestingPumpsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static long threads(WeftFixture weft) {
        return weft.server().listeners().getFirst().counters().threads();
    }

    /** Until {@code threads} pump threads run; with none, no session is left among those the sweeper looks at often. */
    private static void awaitResting(WeftFixture weft, long threads) throws InterruptedException {
        Await.until(() -> threads(weft) == threads, WAIT, () -> threads(weft) + " pump threads, not " + threads);
        if (threads == 0) {
            Await.until(() -> awake(weft) == 0, WAIT, () -> awake(weft) + " sessions still awake");
        }
    }

    private static int awake(WeftFixture weft) {
        return weft.server().listeners().getFirst().awakeSessions().size();
    }

    @ParameterizedTest
    @EnumSource(value = IoMode.class, names = {"NATIVE_COPY", "NATIVE_SPLICE"})
    void quietConnectionsHoldNoThreadAndWakeForEitherSideWithEveryByte(IoMode io) throws Exception {
        try (TestServer echo = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.start(io, """
                     weft {
                       listeners.front { bind = "127.0.0.1:0", backend = app }
                       backends.app { endpoints = ["%s"], health-check.enabled = false }
                       io.rest-after = 50ms
                     }
                     """.formatted(echo.hostPort()))) {
            List<SocketChannel> clients = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                SocketChannel client = weft.connect();
                Streams.write(client, "hello" + i);
                assertEquals("hello" + i, Streams.readExactly(client, 6));
                clients.add(client);
            }
            awaitResting(weft, 0);
            // Woken by the client: a small message, then a stream of 4 MiB, every byte back.
            for (int round = 0; round < 3; round++) {
                for (SocketChannel client : clients) {
                    Streams.write(client, "again");
                    assertEquals("again", Streams.readExactly(client, 5));
                }
                awaitResting(weft, 0);
            }
            SocketChannel streaming = clients.getFirst();
            CompletableFuture<Streams.Digest> back = CompletableFuture.supplyAsync(() -> {
                try {
                    return Streams.readDigest(streaming, 4 << 20);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Streams.Digest sent = Streams.send(streaming, 7, 4 << 20);
            assertEquals(sent, back.get(20, TimeUnit.SECONDS));
            awaitResting(weft, 0);
            // The end of the stream wakes a resting direction too: the client's FIN reaches the echo, whose FIN
            // comes back.
            streaming.shutdownOutput();
            assertEquals(-1, streaming.read(ByteBuffer.allocate(1)), "half-close went through a resting session");
            Await.until(() -> weft.server().listeners().getFirst().activeSessions() == 9, WAIT, () -> "closed");
            // Woken, every one of them: all awake, then resting again.
            for (SocketChannel client : clients.subList(1, clients.size())) {
                Streams.write(client, "last");
                assertEquals("last", Streams.readExactly(client, 4));
            }
            awaitResting(weft, 0);
            for (SocketChannel client : clients) {
                client.close();
            }
            Await.until(() -> weft.server().listeners().getFirst().activeSessions() == 0 && awake(weft) == 0, WAIT,
                    () -> awake(weft) + " closed sessions left awake");
        }
    }

    /**
     * OpenSSL on both sides (the client's TLS terminated, the endpoint's spoken): each reader rests where it waits
     * with OpenSSL's buffers freed, and a record arriving on either socket starts it again.
     */
    @Test
    void quietTlsConnectionsRestOnBothSidesWithOpenSsl(@TempDir Path dir) throws Exception {
        PemPair front = TlsKit.write(dir, "front", SelfSignedCertificate.create(KeyKind.EC, Duration.ofDays(1),
                "front.test"));
        SSLContext backendContext = TlsKit.serving(SelfSignedCertificate.create(KeyKind.EC, Duration.ofDays(1),
                "backend.internal"));
        try (TestServer echo = TestServer.start(new TlsEcho(backendContext, false));
             WeftFixture weft = WeftFixture.start(IoMode.NATIVE_COPY, """
                     weft {
                       listeners.front {
                         bind = "127.0.0.1:0", backend = app, protocol = tls
                         tls { certificates = [%s], engine = openssl }
                       }
                       backends.app {
                         endpoints = ["%s"], health-check.enabled = false
                         protocol = tls, tls { trust = insecure, engine = openssl }
                       }
                       io.rest-after = 50ms
                     }
                     """.formatted(front.hocon(), echo.hostPort()))) {
            SSLContext trusting = TlsKit.trusting(front.certificate().leaf());
            List<SSLSocket> clients = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                SSLSocket client = TlsKit.connect(trusting, weft.address(), "front.test");
                echoes(client, "hello" + i);
                clients.add(client);
            }
            awaitResting(weft, 0);
            for (int round = 0; round < 3; round++) {
                for (SSLSocket client : clients) {
                    echoes(client, "again" + round);
                }
                awaitResting(weft, 0);
            }
            // Woken by a stream of 4 MiB, every byte back, then by the client's close_notify and FIN.
            TlsKit.assertEchoedIntact(clients.getFirst(), 11, 4 << 20);
            Await.until(() -> weft.server().listeners().getFirst().activeSessions() == 4, WAIT, () -> "closed");
            for (SSLSocket client : clients) {
                client.close();
            }
        }
    }

    private static void echoes(SSLSocket client, String message) throws IOException {
        client.getOutputStream().write(message.getBytes(StandardCharsets.US_ASCII));
        byte[] back = client.getInputStream().readNBytes(message.length());
        assertEquals(message, new String(back, StandardCharsets.US_ASCII));
    }

    @Test
    void theBackendWakesARestingSessionToo() throws Exception {
        try (TestServer late = TestServer.start(channel -> {
                Streams.readExactly(channel, 1);
                Streams.write(channel, "first");
                Thread.sleep(300);
                Streams.write(channel, "later");
                Streams.readExactly(channel, 1);
            });
             WeftFixture weft = WeftFixture.start(IoMode.NATIVE_SPLICE, """
                     weft {
                       listeners.front { bind = "127.0.0.1:0", backend = app }
                       backends.app { endpoints = ["%s"], health-check.enabled = false }
                       io.rest-after = 20ms
                     }
                     """.formatted(late.hostPort()));
             SocketChannel client = weft.connect()) {
            Streams.write(client, "x");
            assertEquals("first", Streams.readExactly(client, 5));
            awaitResting(weft, 0);
            assertEquals("later", Streams.readExactly(client, 5), "the endpoint's bytes woke it");
            Streams.write(client, "y");
        }
    }

    @Test
    void withRestOffThePumpsStayParked() throws Exception {
        String config = """
                weft {
                  listeners.front { bind = "127.0.0.1:0", backend = app }
                  backends.app { endpoints = ["%s"], health-check.enabled = false }
                  io.rest-after = %s
                }
                """;
        try (TestServer echo = TestServer.start(TestServer.ECHO);
             WeftFixture resting = WeftFixture.start(IoMode.NATIVE_SPLICE, config.formatted(echo.hostPort(), "20ms"));
             WeftFixture parked = WeftFixture.start(IoMode.NATIVE_SPLICE, config.formatted(echo.hostPort(), "0"));
             SocketChannel toParked = parked.connect();
             SocketChannel toResting = resting.connect()) {
            Streams.write(toParked, "x");
            assertEquals("x", Streams.readExactly(toParked, 1));
            Streams.write(toResting, "y");
            assertEquals("y", Streams.readExactly(toResting, 1));
            awaitResting(resting, 0);
            assertEquals(2, threads(parked), "quiet for longer, with rest-after = 0: both pumps still parked");
        }
    }
}
