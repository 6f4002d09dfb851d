package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.config.MetricsConfig;
import dev.weft.metrics.CountersFile;
import dev.weft.testkit.Await;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.WeftProcess.Result;
import dev.weft.testkit.WeftProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The counters file of the packaged Weft, read from another process, matches the traffic. */
class StatIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ACCEPTED = "weft_listener_connections_accepted_total{listener=\"front\"}";
    private static final String RECEIVED = "weft_listener_received_bytes_total{listener=\"front\"}";

    @TempDir
    Path dir;

    @Test
    void theCountersFileAndStatReportConnectionsAndBytes() throws Exception {
        try (TestServer backend = TestServer.start(TestServer.ECHO)) {
            Path config = Files.writeString(dir.resolve("weft.conf"), """
                    weft {
                      listeners.front { bind = "127.0.0.1:0", backend = app }
                      backends.app { endpoints = ["%s"], health-check.enabled = false }
                      metrics.publish-interval = 100ms
                    }
                    """.formatted(backend.hostPort()));
            Path counters;
            try (WeftProcess weft = WeftProcess.start(List.of("run", "--config", config.toString()))) {
                int front = weft.awaitListeningPort("front", WAIT);
                counters = MetricsConfig.defaultPath(weft.pid());
                for (int i = 0; i < 7; i++) {
                    try (SocketChannel client = SocketChannel.open(new InetSocketAddress("127.0.0.1", front))) {
                        Streams.write(client, "abc");
                        assertEquals("abc", Streams.readExactly(client, 3));
                    }
                }
                Path file = counters;
                Await.until(() -> Files.exists(file), WAIT, () -> "no counters file " + file);
                CountersFile.Reader reader = CountersFile.read(counters);
                Await.until(() -> reader.values().getOrDefault(RECEIVED, 0L) == 21, WAIT,
                        () -> "counters: " + reader.values());
                assertEquals(7, reader.values().get(ACCEPTED));
                assertEquals(weft.pid(), reader.pid());

                Result stat = WeftProcess.run(List.of("stat", "--pid", Long.toString(weft.pid()), "--count", "1",
                        "--interval", "200ms", "--all"), Map.of());
                assertEquals(0, stat.status(), stat.output());
                assertTrue(stat.output().matches("(?s).*" + Pattern.quote(ACCEPTED) + " +7 +0\\.0.*"),
                        stat.output());

                // Under load, every table shows a rate above zero, in the view of listeners and endpoints.
                AtomicBoolean loading = new AtomicBoolean(true);
                Thread load = Thread.ofPlatform().start(() -> {
                    while (loading.get()) {
                        try (SocketChannel client = SocketChannel.open(new InetSocketAddress("127.0.0.1", front))) {
                            Streams.write(client, "abc");
                            Streams.readExactly(client, 3);
                        } catch (IOException e) {
                            return;
                        }
                    }
                });
                Result top = WeftProcess.run(List.of("stat", "--pid", Long.toString(weft.pid()), "--count", "3",
                        "--interval", "500ms"), Map.of());
                loading.set(false);
                load.join();
                assertEquals(0, top.status(), top.output());
                List<String> rows = top.output().lines().filter(line -> line.startsWith("front ")).toList();
                assertEquals(3, rows.size(), top.output());
                for (String row : rows) {
                    double perSecond = Double.parseDouble(row.trim().split("\\s+")[2]);
                    assertTrue(perSecond > 0, "a live rate, not 0.0: " + row + "\n" + top.output());
                }
                assertTrue(top.output().lines().anyMatch(line -> line.startsWith("app/" + backend.hostPort())
                        && line.contains(" ready ") && line.contains(" up ")), top.output());
                weft.signal("TERM");
                assertEquals(0, weft.awaitExit(WAIT), weft.output());
            }
            assertTrue(!Files.exists(counters), "the counters file goes when Weft stops");
        }
    }
}
