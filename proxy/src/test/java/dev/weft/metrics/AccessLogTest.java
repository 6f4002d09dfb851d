package dev.weft.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.weft.files.OwnedFile;
import dev.weft.testkit.Await;
import dev.weft.testkit.IoMode;
import dev.weft.testkit.Ports;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.WeftFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One JSON line per closed connection, with its bytes, its endpoint, and each of the causes that end one. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AccessLogTest {
    @TempDir
    Path dir;

    private static final String CONFIG = """
            weft {
              listeners {
                front { bind = "127.0.0.1:0", backend = app }
                closer { bind = "127.0.0.1:0", backend = closer }
                resetter { bind = "127.0.0.1:0", backend = resetter }
                dead { bind = "127.0.0.1:0", backend = nowhere }
                full { bind = "127.0.0.1:0", backend = full }
                sni { bind = "127.0.0.1:0", protocol = tls-passthrough, routes.default = app }
                moving { bind = "127.0.0.1:0", backend = moving }
                retrying { bind = "127.0.0.1:0", backend = retrying }
              }
              backends {
                app { endpoints = ["%1$s"], health-check.enabled = false, idle-timeout = 300ms }
                closer { endpoints = ["%2$s"], health-check.enabled = false }
                resetter { endpoints = ["%3$s"], health-check.enabled = false }
                nowhere { endpoints = ["127.0.0.1:%4$d"], health-check.enabled = false, connect-retries = 0 }
                full { groups.g { endpoints = ["%1$s"], capacity-scaler = 0 }, health-check.enabled = false }
                moving { endpoints = ["%5$s"], health-check.enabled = false, draining-timeout = 0 }
                retrying {
                  endpoints = ["127.0.0.1:%4$d", "%1$s"], balancing = round-robin, health-check.enabled = false
                }
              }
              access-log { enabled = true, path = "%6$s", format = json }
            }
            """;

    @Test
    void everyTerminationCauseIsRecorded() throws Exception {
        Path log = dir.resolve("access.log");
        int dead = Ports.closed();
        try (TestServer app = TestServer.start(TestServer.ECHO);
             TestServer closer = TestServer.start(channel -> Streams.write(channel, "bye"));
             TestServer resetter = TestServer.start(channel -> {
                 Streams.readExactly(channel, 1);
                 channel.setOption(StandardSocketOptions.SO_LINGER, 0);
             });
             TestServer moving = TestServer.start(TestServer.ECHO);
             TestServer movedTo = TestServer.start(TestServer.ECHO)) {
            WeftFixture weft = WeftFixture.start(IoMode.NATIVE_SPLICE, CONFIG.formatted(app.hostPort(),
                    closer.hostPort(), resetter.hostPort(), dead, moving.hostPort(), log));
            try {
                try (SocketChannel client = open(weft, "front")) {
                    Streams.write(client, "hello");
                    assertEquals("hello", Streams.readExactly(client, 5));
                    client.shutdownOutput();
                    assertEquals(-1, client.read(ByteBuffer.allocate(1)));
                }
                try (SocketChannel idle = open(weft, "front")) {
                    assertEquals(-1, idle.read(ByteBuffer.allocate(1)), "closed by the idle timeout");
                }
                try (SocketChannel client = open(weft, "closer")) {
                    assertEquals("bye", Streams.readExactly(client, 3));
                    assertEquals(-1, client.read(ByteBuffer.allocate(1)));
                }
                try (SocketChannel client = open(weft, "resetter")) {
                    Streams.write(client, "x");
                    assertClosed(client);
                }
                try (SocketChannel client = open(weft, "front")) {
                    Streams.write(client, "abc");
                    assertEquals("abc", Streams.readExactly(client, 3));
                    client.setOption(StandardSocketOptions.SO_LINGER, 0);
                }
                try (SocketChannel client = open(weft, "dead")) {
                    assertClosed(client);
                }
                try (SocketChannel client = open(weft, "retrying")) {
                    Streams.write(client, "r");
                    assertEquals("r", Streams.readExactly(client, 1));
                    client.shutdownOutput();
                    assertEquals(-1, client.read(ByteBuffer.allocate(1)));
                }
                try (SocketChannel client = open(weft, "full")) {
                    assertClosed(client);
                }
                try (SocketChannel client = open(weft, "sni")) {
                    Streams.write(client, "not a ClientHello at all");
                    assertClosed(client);
                }
                SocketChannel draining = open(weft, "moving");
                Streams.write(draining, "m");
                assertEquals("m", Streams.readExactly(draining, 1));
                weft.reload(CONFIG.formatted(app.hostPort(), closer.hostPort(), resetter.hostPort(), dead,
                        movedTo.hostPort(), log) + IoMode.NATIVE_SPLICE.config());
                assertClosed(draining);
                draining.close();
                SocketChannel atShutdown = open(weft, "front");
                Streams.write(atShutdown, "s");
                assertEquals("s", Streams.readExactly(atShutdown, 1));
                Await.until(() -> lines(log).size() >= 10, Duration.ofSeconds(10), () -> "lines: " + lines(log));
                assertEquals(OwnedFile.OWNER_ONLY, Files.getPosixFilePermissions(log), "owner-only from creation");
                String metrics = weft.server().metrics();
                assertTrue(metrics.contains("weft_access_log_records_total{result=\"dropped\"} 0"), metrics);
                assertTrue(metrics.lines().anyMatch(line -> line.startsWith(
                        "weft_access_log_records_total{result=\"written\"} ") && !line.endsWith(" 0")), metrics);
            } finally {
                weft.close();
            }

            List<Config> records = lines(log).stream().map(ConfigFactory::parseString).toList();
            Set<String> causes = new TreeSet<>();
            records.forEach(record -> causes.add(record.getString("cause")));
            assertEquals(new TreeSet<>(List.of("client FIN", "backend FIN", "client reset", "backend reset",
                    "idle timeout", "connect failure", "handshake failure", "no capacity", "drain", "shutdown")),
                    causes, lines(log).toString());
            Config finished = records.stream().filter(r -> r.getString("cause").equals("client FIN")).findFirst()
                    .orElseThrow();
            assertEquals("front", finished.getString("listener"));
            assertEquals(5, finished.getLong("bytes_in"));
            assertEquals(5, finished.getLong("bytes_out"));
            assertEquals("app", finished.getString("backend"));
            assertEquals("default", finished.getString("group"));
            assertEquals(app.hostPort(), finished.getString("endpoint"));
            assertTrue(finished.getString("client").startsWith("127.0.0.1:"), finished.toString());
            assertTrue(finished.getLong("id") > 0, finished.toString());
            assertEquals("127.0.0.1:" + weft.server().listener("front").address().getPort(),
                    finished.getString("frontend"));
            assertTrue(finished.getString("backend_source").startsWith("127.0.0.1:")
                    && !finished.getString("backend_source").equals(finished.getString("endpoint")),
                    finished.toString());
            assertTrue(finished.getDouble("connect_ms") >= 0 && finished.getInt("retries") == 0
                    && finished.getIsNull("tried"), finished.toString());
            assertEquals("--", finished.getString("termination"));
            assertEquals(records.size(), records.stream().map(r -> r.getLong("id")).distinct().count(),
                    "every connection has its own id");

            Config failed = only(records, "dead");
            assertEquals("connect failure", failed.getString("cause"));
            assertEquals("SC", failed.getString("termination"), "the server side failed while connecting");
            assertTrue(failed.getString("tried").startsWith("127.0.0.1:" + dead + " ("), failed.toString());
            assertEquals(1, failed.getInt("retries"));
            assertTrue(failed.getIsNull("endpoint") && failed.getIsNull("connect_ms"), failed.toString());

            Config retried = only(records, "retrying");
            assertEquals(app.hostPort(), retried.getString("endpoint"));
            assertEquals(1, retried.getInt("retries"), "one connect failed before the one that worked");
            assertTrue(retried.getString("tried").startsWith("127.0.0.1:" + dead + " ("), retried.toString());

            assertEquals("SD", byCause(records, "backend reset").getString("termination"));
            assertEquals("cD", byCause(records, "idle timeout").getString("termination"));
            assertEquals("CR", byCause(records, "handshake failure").getString("termination"));
            assertEquals("SC", byCause(records, "no capacity").getString("termination"));
            assertEquals("KD", byCause(records, "drain").getString("termination"));
        }
    }

    private static Config only(List<Config> records, String listener) {
        List<Config> matching = records.stream().filter(r -> r.getString("listener").equals(listener)).toList();
        assertEquals(1, matching.size(), matching.toString());
        return matching.getFirst();
    }

    private static Config byCause(List<Config> records, String cause) {
        return records.stream().filter(r -> r.getString("cause").equals(cause)).findFirst().orElseThrow();
    }

    private static SocketChannel open(WeftFixture weft, String listener) throws IOException {
        InetSocketAddress address = weft.server().listener(listener).address();
        return SocketChannel.open(address);
    }

    /** Weft ended the connection: end of stream, or a reset. */
    private static void assertClosed(SocketChannel client) {
        try {
            assertEquals(-1, client.read(ByteBuffer.allocate(64)));
        } catch (IOException reset) {
            // A reset is a close too.
        }
    }

    private static List<String> lines(Path log) {
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
