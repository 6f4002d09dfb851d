package dev.weft.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.Await;
import dev.weft.testkit.IoMode;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.WeftFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Access lists and per-client limits through a running Weft, with clients bound to distinct loopback sources: a
 * refused client is closed before any backend connect, counted by reason and logged with its cause; the real
 * address behind a PROXY header is the one judged; a reload changes the lists.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdmissionProxyTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private static String config(String backend, Path log, String denied) {
        return """
                weft {
                  listeners {
                    front {
                      bind = "127.0.0.1:0", backend = app
                      access { deny = [%3$s] }
                      limits.per-client.connections = 2
                    }
                    behind {
                      bind = "127.0.0.1:0", backend = app, accept-proxy-protocol = true
                      access { allow = ["127.0.0.0/8", "10.0.0.0/8"], deny = ["10.66.0.0/16"] }
                    }
                  }
                  backends.app { endpoints = ["%1$s"], health-check.enabled = false }
                  access-log { enabled = true, path = "%2$s", format = json }
                }
                """.formatted(backend, log, denied);
    }

    private static SocketChannel from(String source, InetSocketAddress to) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.bind(new InetSocketAddress(source, 0));
        channel.connect(to);
        return channel;
    }

    private static InetSocketAddress listener(WeftFixture weft, String name) {
        return weft.server().listeners().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow()
                .address();
    }

    private static void assertServed(SocketChannel client) throws IOException {
        Streams.write(client, "ping");
        assertEquals("ping", Streams.readExactly(client, 4));
    }

    /** Refused: reset (not a FIN, and not left waiting: a timeout is no SocketException). */
    private static void assertReset(SocketChannel client) throws IOException {
        client.socket().setSoTimeout((int) WAIT.toMillis());
        SocketException reset = assertThrows(SocketException.class, () -> client.socket().getInputStream().read(),
                "reset by Weft");
        assertTrue(reset.getMessage().contains("reset"), reset.toString());
    }

    private static long limited(WeftFixture weft, String listener, String reason) {
        String prefix = "weft_listener_connections_limited_total{listener=\"" + listener + "\",reason=\"" + reason
                + "\"} ";
        return weft.server().metrics().lines().filter(line -> line.startsWith(prefix))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(prefix.length()))).sum();
    }

    @ParameterizedTest
    @EnumSource(value = IoMode.class, names = {"JDK", "NATIVE_COPY"})
    void refusedClientsAreResetCountedAndLogged(IoMode io) throws Exception {
        Path log = dir.resolve("access.log");
        try (TestServer backend = TestServer.start(TestServer.ECHO)) {
            WeftFixture weft = WeftFixture.start(io, config(backend.hostPort(), log, "\"127.0.0.66\""));
            try {
                InetSocketAddress front = listener(weft, "front");
                try (SocketChannel denied = from("127.0.0.66", front)) {
                    assertReset(denied);
                }
                assertEquals(0, backend.accepted(), "refused before any backend connect");
                assertEquals(1, limited(weft, "front", "denied"));

                try (SocketChannel one = from("127.0.0.5", front); SocketChannel two = from("127.0.0.5", front)) {
                    assertServed(one);
                    assertServed(two);
                    try (SocketChannel third = from("127.0.0.5", front)) {
                        assertReset(third);
                    }
                    try (SocketChannel other = from("127.0.0.6", front)) {
                        assertServed(other);
                    }
                }
                assertEquals(1, limited(weft, "front", "client-connections"));
                // Both closed: 127.0.0.5 may have two again once Weft has seen them go.
                Await.until(() -> weft.server().listeners().stream().filter(l -> l.name().equals("front"))
                        .findFirst().orElseThrow().activeSessions() == 0, WAIT, () -> "sessions still open");
                try (SocketChannel again = from("127.0.0.5", front); SocketChannel also = from("127.0.0.5", front)) {
                    assertServed(again);
                    assertServed(also);
                }

                InetSocketAddress behind = listener(weft, "behind");
                try (SocketChannel proxied = from("127.0.0.1", behind)) {
                    Streams.write(proxied, "PROXY TCP4 10.66.1.2 127.0.0.1 40000 80\r\nping");
                    assertReset(proxied);
                }
                try (SocketChannel proxied = from("127.0.0.1", behind)) {
                    Streams.write(proxied, "PROXY TCP4 192.0.2.1 127.0.0.1 40000 80\r\nping");
                    assertReset(proxied);
                }
                try (SocketChannel proxied = from("127.0.0.66", behind)) {
                    Streams.write(proxied, "PROXY TCP4 10.1.2.3 127.0.0.1 40000 80\r\nping");
                    assertEquals("ping", Streams.readExactly(proxied, 4), "judged by the header's address");
                }
                assertEquals(2, limited(weft, "behind", "denied"));

                weft.reload(config(backend.hostPort(), log, "") + io.config());
                try (SocketChannel forgiven = from("127.0.0.66", front)) {
                    assertServed(forgiven);
                }
                Await.until(() -> lines(log).stream().filter(line -> line.contains("denied by access list"))
                        .count() == 3, WAIT, () -> String.join("\n", lines(log)));
                List<String> refused = lines(log).stream().filter(line -> line.contains("\"cause\":\"denied"))
                        .toList();
                assertTrue(refused.stream().anyMatch(line -> line.contains("\"client\":\"127.0.0.66:")), refused
                        .toString());
                assertTrue(refused.stream().anyMatch(line -> line.contains("\"client\":\"10.66.1.2:40000\"")),
                        "the header's address is logged: " + refused);
                assertTrue(lines(log).stream().anyMatch(line -> line.contains("client connection limit")));
            } finally {
                weft.close();
            }
        }
    }

    private static List<String> lines(Path log) {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
