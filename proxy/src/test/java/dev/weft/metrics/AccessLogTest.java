package dev.weft.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.weft.testkit.Await;
import dev.weft.testkit.IoMode;
import dev.weft.testkit.Ports;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.WeftFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One JSON line per closed connection, with the bytes and the cause that ended it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AccessLogTest {
    @TempDir
    Path dir;

    @Test
    void recordsCarryBytesEndpointsAndTheCause() throws Exception {
        Path log = dir.resolve("access.log");
        try (TestServer backend = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.start(IoMode.NATIVE_SPLICE, """
                     weft {
                       listeners {
                         front { bind = "127.0.0.1:0", backend = app }
                         dead { bind = "127.0.0.1:0", backend = nowhere }
                       }
                       backends {
                         app { endpoints = ["%s"], health-check.enabled = false, idle-timeout = 300ms }
                         nowhere { endpoints = ["127.0.0.1:%d"], health-check.enabled = false, connect-retries = 0 }
                       }
                       access-log { enabled = true, path = "%s", format = json }
                     }
                     """.formatted(backend.hostPort(), Ports.closed(), log))) {
            InetSocketAddress front = weft.server().listener("front").address();
            try (SocketChannel client = SocketChannel.open(front)) {
                Streams.write(client, "hello");
                assertEquals("hello", Streams.readExactly(client, 5));
                client.shutdownOutput();
                assertEquals(-1, client.read(ByteBuffer.allocate(1)));
            }
            try (SocketChannel idle = SocketChannel.open(front)) {
                assertEquals(-1, idle.read(ByteBuffer.allocate(1)), "closed by the idle timeout");
            }
            try (SocketChannel refused = SocketChannel.open(weft.server().listener("dead").address())) {
                assertEquals(-1, refused.read(ByteBuffer.allocate(1)));
            }
            Await.until(() -> lines(log).size() == 3, Duration.ofSeconds(10), () -> "lines: " + lines(log));
            List<Config> records = lines(log).stream().map(ConfigFactory::parseString).toList();
            Config finished = records.stream().filter(r -> r.getString("cause").equals("client FIN")).findFirst()
                    .orElseThrow(() -> new AssertionError(lines(log).toString()));
            assertEquals("front", finished.getString("listener"));
            assertEquals(5, finished.getLong("bytes_in"));
            assertEquals(5, finished.getLong("bytes_out"));
            assertEquals("app", finished.getString("backend"));
            assertEquals("default", finished.getString("group"));
            assertEquals(backend.hostPort(), finished.getString("endpoint"));
            assertTrue(finished.getString("client").startsWith("127.0.0.1:"), finished.toString());
            assertTrue(records.stream().anyMatch(r -> r.getString("cause").equals("idle timeout")), lines(log).toString());
            assertTrue(records.stream().anyMatch(r -> r.getString("cause").equals("connect failure")
                    && r.getString("listener").equals("dead")), lines(log).toString());
            assertEquals(0, weft.server().accessLog().dropped());
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
