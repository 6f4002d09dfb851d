package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.Ports;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.WeftProcess.Result;
import dev.weft.testkit.WeftProcess;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloading the packaged Weft as a user does: an edited file, then SIGHUP or {@code bin/weft reload}. */
class ReloadIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static String config(int port, String extraListener, String backend) {
        return """
                weft {
                  listeners {
                    front { bind = "127.0.0.1:%d", backend = app }
                    %s
                  }
                  backends.app { endpoints = ["%s"], health-check.enabled = false }
                  control.socket = "%%s"
                }
                """.formatted(port, extraListener, backend);
    }

    @Test
    void sighupAndTheReloadCommandApplyAGoodFileAndRefuseABadOne() throws Exception {
        Path socket = dir.resolve("control.sock");
        Path file = dir.resolve("weft.conf");
        int front = Ports.free();
        int extra = Ports.free();
        try (TestServer backend = TestServer.start(TestServer.ECHO)) {
            Files.writeString(file, config(front, "", backend.hostPort()).formatted(socket));
            try (WeftProcess weft = WeftProcess.start(List.of("run", "--config", file.toString()))) {
                weft.awaitLine("control socket " + socket, WAIT);
                SocketChannel held = SocketChannel.open(new InetSocketAddress("127.0.0.1", front));
                Streams.write(held, "before");
                assertEquals("before", Streams.readExactly(held, 6));

                Files.writeString(file, config(front, "extra { bind = \"127.0.0.1:" + extra + "\", backend = nowhere }",
                        backend.hostPort()).formatted(socket));
                Result bad = WeftProcess.run(List.of("reload", "--socket", socket.toString()), Map.of());
                assertEquals(1, bad.status(), bad.output());
                assertTrue(bad.output().contains("nothing changed") && bad.output().contains("'nowhere'"),
                        bad.output());

                Files.writeString(file, config(front, "extra { bind = \"127.0.0.1:" + extra + "\", backend = app }",
                        backend.hostPort()).formatted(socket));
                Result good = WeftProcess.run(List.of("reload", "--socket", socket.toString()), Map.of());
                assertEquals(0, good.status(), good.output());
                assertTrue(good.output().contains("OK reloaded: 2 listener(s) (1 new, 0 removed)"), good.output());
                try (SocketChannel client = SocketChannel.open(new InetSocketAddress("127.0.0.1", extra))) {
                    Streams.write(client, "extra");
                    assertEquals("extra", Streams.readExactly(client, 5));
                }
                // --pid finds the socket the process's own config file put elsewhere than the default.
                Result byPid = WeftProcess.run(List.of("reload", "--pid", Long.toString(weft.pid())), Map.of());
                assertEquals(0, byPid.status(), byPid.output());
                assertTrue(byPid.output().contains("OK reloaded: 2 listener(s) (0 new, 0 removed)"), byPid.output());

                Files.writeString(file, config(front, "", backend.hostPort()).formatted(socket));
                weft.signal("HUP");
                weft.awaitLine("configuration reloaded: 1 listener(s) (0 new, 1 removed)", WAIT);

                Streams.write(held, "after");
                assertEquals("after", Streams.readExactly(held, 5), "the connection held through it all");
                held.close();
                weft.signal("TERM");
                assertEquals(0, weft.awaitExit(WAIT), weft.output());
            }
            assertTrue(!Files.exists(socket), "the control socket is removed at exit");
        }
    }
}
