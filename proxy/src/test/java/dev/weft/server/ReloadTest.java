package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.IoMode;
import dev.weft.testkit.Streams.Digest;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.TlsKit;
import dev.weft.testkit.TlsKit.PemPair;
import dev.weft.testkit.WeftFixture;
import dev.weft.tls.SelfSignedCertificate;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Reloads that add and remove listeners and endpoints while long connections stream through. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReloadTest {
    private static final long EIGHT_MIB = 8L << 20;

    /** Says its name, then echoes. */
    private static TestServer.Handler naming(String name) {
        return channel -> {
            Streams.write(channel, name);
            TestServer.ECHO.handle(channel);
        };
    }

    private static String config(String listeners, String endpoint, String backendSettings) {
        return """
                weft {
                  listeners { %s }
                  backends.app { endpoints = ["%s"], health-check.enabled = false, %s }
                }
                """.formatted(listeners, endpoint, backendSettings);
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void longConnectionsStreamIntactAcrossReloadsThatMoveEverything(IoMode io) throws Exception {
        try (TestServer one = TestServer.start(naming("one"));
             TestServer two = TestServer.start(naming("two"));
             WeftFixture weft = WeftFixture.start(io, config("a { bind = \"127.0.0.1:0\", backend = app }",
                     one.hostPort(), "draining-timeout = 1h"));
             SocketChannel early = weft.connect()) {
            InetSocketAddress a = weft.address();
            assertEquals("one", Streams.readExactly(early, 3));
            CompletableFuture<Digest> echoed = CompletableFuture.supplyAsync(() -> receive(early));
            Streams.send(early, 1, EIGHT_MIB / 2);

            String summary = weft.reload(config("a { bind = \"127.0.0.1:0\", backend = app }, "
                    + "b { bind = \"127.0.0.1:0\", backend = app }", two.hostPort(), "draining-timeout = 1h")
                    + io.config());
            assertTrue(summary.startsWith("2 listener(s) (1 new, 0 removed)"), summary);
            InetSocketAddress b = weft.server().listener("b").address();
            try (SocketChannel late = SocketChannel.open(a)) {
                assertEquals("two", Streams.readExactly(late, 3), "new connections go to the new endpoint");
            }
            SocketChannel onB = SocketChannel.open(b);
            assertEquals("two", Streams.readExactly(onB, 3), "the new listener serves");

            weft.reload(config("a { bind = \"127.0.0.1:0\", backend = app }", two.hostPort(),
                    "draining-timeout = 1h") + io.config());
            assertThrows(ConnectException.class, () -> SocketChannel.open(b).close(), "b stopped accepting");
            Streams.write(onB, "b drains");
            assertEquals("b drains", Streams.readExactly(onB, 8), "b's open connection goes on");
            onB.close();

            // The second half of the stream, after both reloads, through the endpoint that left.
            Streams.send(early, 2, EIGHT_MIB / 2);
            early.shutdownOutput();
            assertEquals(Streams.expected(EIGHT_MIB / 2, 1, 2), echoed.get(30, TimeUnit.SECONDS),
                    "every byte came back, in order (SHA-256 of both halves)");
        }
    }

    @ParameterizedTest
    @EnumSource(value = IoMode.class, names = "NATIVE_SPLICE")
    void connectionsToARemovedEndpointCloseAtTheDrainingTimeout(IoMode io) throws Exception {
        try (TestServer one = TestServer.start(naming("one"));
             TestServer two = TestServer.start(naming("two"));
             WeftFixture weft = WeftFixture.start(io, config("a { bind = \"127.0.0.1:0\", backend = app }",
                     one.hostPort(), "draining-timeout = 200ms"));
             SocketChannel early = weft.connect()) {
            assertEquals("one", Streams.readExactly(early, 3));
            weft.reload(config("a { bind = \"127.0.0.1:0\", backend = app }", two.hostPort(),
                    "draining-timeout = 200ms") + io.config());
            assertEquals(-1, early.read(ByteBuffer.allocate(8)), "closed once the draining timeout passed");
        }
    }

    @ParameterizedTest
    @EnumSource(value = IoMode.class, names = "NATIVE_COPY")
    void drainingAGroupByItsScalerClosesItsConnectionsAtTheDrainingTimeout(IoMode io) throws Exception {
        try (TestServer one = TestServer.start(naming("one"));
             TestServer two = TestServer.start(naming("two"))) {
            String groups = """
                    weft {
                      listeners.a { bind = "127.0.0.1:0", backend = app }
                      backends.app {
                        groups { near { endpoints = ["%s"], capacity-scaler = %s }, far { endpoints = ["%s"], distance = 1 } }
                        health-check.enabled = false, draining-timeout = 200ms
                      }
                    }
                    """;
            try (WeftFixture weft = WeftFixture.start(io, groups.formatted(one.hostPort(), "1.0", two.hostPort()));
                 SocketChannel early = weft.connect()) {
                assertEquals("one", Streams.readExactly(early, 3));
                weft.reload(groups.formatted(one.hostPort(), "0", two.hostPort()) + io.config());
                try (SocketChannel late = weft.connect()) {
                    assertEquals("two", Streams.readExactly(late, 3), "the drained group takes no new connection");
                }
                assertEquals(-1, early.read(ByteBuffer.allocate(8)), "closed at the draining timeout");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = IoMode.class, names = "NATIVE_SPLICE")
    void aListenerCanTurnToTlsOnItsOwnSocket(IoMode io, @TempDir Path dir) throws Exception {
        PemPair certificate = TlsKit.write(dir, "reload", SelfSignedCertificate.create(
                SelfSignedCertificate.KeyKind.EC, Duration.ofDays(1), "reload.test"));
        try (TestServer one = TestServer.start(naming("one"));
             WeftFixture weft = WeftFixture.start(io, config("a { bind = \"127.0.0.1:0\", backend = app }",
                     one.hostPort(), ""));
             SocketChannel plain = weft.connect()) {
            assertEquals("one", Streams.readExactly(plain, 3));
            weft.reload(config("a { bind = \"127.0.0.1:0\", backend = app, protocol = tls, tls.certificates = ["
                    + certificate.hocon() + "] }", one.hostPort(), "") + io.config());
            try (SSLSocket secure = TlsKit.connect(TlsKit.trusting(certificate.certificate().leaf()),
                    weft.address(), "reload.test")) {
                assertEquals("one", new String(secure.getInputStream().readNBytes(3)), "TLS on the same port");
            }
            Streams.write(plain, "still plain");
            assertEquals("still plain", Streams.readExactly(plain, 11), "the plain connection goes on");
        }
    }

    @ParameterizedTest
    @EnumSource(value = IoMode.class, names = "JDK")
    void aListenerThatCannotBindChangesNothing(IoMode io) throws Exception {
        try (TestServer one = TestServer.start(naming("one"));
             TestServer two = TestServer.start(naming("two"));
             WeftFixture weft = WeftFixture.start(io, config("a { bind = \"127.0.0.1:0\", backend = app }",
                     one.hostPort(), ""))) {
            String taken = one.hostPort();
            StartupException refused = assertThrows(StartupException.class, () -> weft.reload(config(
                    "a { bind = \"127.0.0.1:0\", backend = app }, b { bind = \"" + taken
                            + "\", backend = app }", two.hostPort(), "") + io.config()));
            assertTrue(refused.getMessage().contains("listener 'b': cannot bind"), refused.getMessage());
            try (SocketChannel client = weft.connect()) {
                assertEquals("one", Streams.readExactly(client, 3), "still the old endpoint");
            }
            assertEquals(1, weft.server().listeners().size());
        }
    }

    private static Digest receive(SocketChannel channel) {
        try {
            return Streams.receive(channel);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static String hostPort(InetSocketAddress address) {
        return "127.0.0.1:" + address.getPort();
    }
}
