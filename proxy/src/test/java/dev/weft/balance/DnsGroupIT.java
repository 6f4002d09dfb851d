package dev.weft.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.WeftProcess;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DNS group follows its name. The packaged Weft runs with an /etc/hosts-format file as its only resolver
 * ({@code jdk.net.hosts.file}), so no external DNS is asked; rewriting the file moves the name from one loopback
 * address to another, and connections follow, while one opened before the move keeps working while it drains.
 */
class DnsGroupIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /** Answers every connection with its own address, then echoes. */
    private static TestServer.Handler naming(String name) {
        return channel -> {
            Streams.write(channel, name);
            TestServer.ECHO.handle(channel);
        };
    }

    @Test
    void endpointsFollowTheNameAndLeaversDrain() throws Exception {
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, "127.0.0.1 localhost\n127.0.0.2 app.weft.test\n");
        try (TestServer first = TestServer.start("127.0.0.2", 0, naming("two"));
             TestServer second = TestServer.start("127.0.0.3", first.port(), naming("six"))) {
            Path config = Files.writeString(dir.resolve("weft.conf"), """
                    weft {
                      listeners.front { bind = "127.0.0.1:0", backend = app }
                      backends.app {
                        groups.named { dns = "app.weft.test:%d", refresh = 200ms }
                        health-check.enabled = false
                        draining-timeout = 1h
                      }
                    }
                    """.formatted(first.port()));
            try (WeftProcess weft = WeftProcess.start(List.of("-Djdk.net.hosts.file=" + hosts,
                    "-Dsun.net.inetaddr.ttl=0", "-Dsun.net.inetaddr.negative.ttl=0", "run", "--config",
                    config.toString()))) {
                InetSocketAddress front = new InetSocketAddress("127.0.0.1", weft.awaitListeningPort("front", WAIT));
                SocketChannel early = SocketChannel.open(front);
                // The first client may come as soon as Weft listens: the name must be resolved by then.
                assertEquals("two", Streams.readExactly(early, 3));

                Files.writeString(hosts, "127.0.0.1 localhost\n127.0.0.3 app.weft.test\n");
                weft.awaitLine("group 'named': app.weft.test now gives 1 endpoint(s); draining 1 that left", WAIT);
                try (SocketChannel late = SocketChannel.open(front)) {
                    assertEquals("six", Streams.readExactly(late, 3), weft.output());
                }
                Streams.write(early, "still up");
                assertEquals("still up", Streams.readExactly(early, 8), "the early connection drains, intact");
                early.close();
            }
        }
    }
}
