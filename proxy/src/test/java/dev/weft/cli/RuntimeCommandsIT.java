package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.NotifyReceiver;
import dev.weft.testkit.Ports;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.WeftProcess.Result;
import dev.weft.testkit.WeftProcess;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged Weft run as systemd would run it (Type=notify: READY, RELOADING, STOPPING on NOTIFY_SOCKET), driven
 * by an operator with bin/weft: show endpoints and sessions, drain an endpoint, end a session, reload a bad file.
 */
class RuntimeCommandsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static Result weft(String... args) throws Exception {
        return WeftProcess.run(List.of(args), Map.of());
    }

    @Test
    void anOperatorDrainsAnEndpointAndEndsASessionWhileSystemdHearsEachStep() throws Exception {
        Path socket = dir.resolve("weft.sock");
        Path file = dir.resolve("weft.conf");
        int front = Ports.free();
        try (TestServer first = TestServer.start(TestServer.ECHO);
             TestServer second = TestServer.start(TestServer.ECHO);
             NotifyReceiver systemd = new NotifyReceiver(dir.resolve("notify"))) {
            String config = """
                    weft {
                      listeners.front { bind = "127.0.0.1:%d", backend = app }
                      backends.app {
                        endpoints = ["%s", "%s"], balancing = round-robin, health-check.enabled = false
                      }
                      control { socket = "%s", state-file = "%s" }
                    }
                    """.formatted(front, first.hostPort(), second.hostPort(), socket, dir.resolve("weft.state"));
            Files.writeString(file, config);
            try (WeftProcess weft = WeftProcess.start(List.of("run", "--config", file.toString()),
                    Map.of("NOTIFY_SOCKET", systemd.path().toString()))) {
                String ready = systemd.await("READY=1", WAIT);
                assertTrue(ready.contains("MAINPID=" + weft.pid()), ready);

                Result endpoints = weft("show", "endpoints", "--pid", Long.toString(weft.pid()));
                assertEquals(0, endpoints.status(), endpoints.output());
                assertTrue(endpoints.output().contains("OK 2 endpoint(s)"), endpoints.output());

                Result drain = weft("set", "endpoint", "app/" + first.hostPort(), "state", "drain", "--socket",
                        socket.toString());
                assertEquals(0, drain.status(), drain.output());
                SocketChannel client = SocketChannel.open(new InetSocketAddress("127.0.0.1", front));
                Streams.write(client, "hi");
                assertEquals("hi", Streams.readExactly(client, 2));
                assertEquals(0, first.accepted(), "the drained endpoint got no connection");

                Result sessions = weft("show", "sessions", "--socket", socket.toString(), "--json");
                assertEquals(0, sessions.status(), sessions.output());
                assertTrue(sessions.output().contains("\"endpoint\": \"" + second.hostPort() + "\""),
                        sessions.output());
                String id = sessions.output().replaceAll("(?s).*\"id\": (\\d+).*", "$1");
                Result shutdown = weft("shutdown", "session", id, "--socket", socket.toString());
                assertEquals(0, shutdown.status(), shutdown.output());
                assertEquals(-1, client.read(ByteBuffer.allocate(1)), "the session was ended");
                client.close();

                Result typo = weft("set", "endpoint", "app/" + first.hostPort(), "state");
                assertEquals(2, typo.status(), typo.output());
                assertTrue(typo.output().contains("Usage: weft set endpoint"), typo.output());
                Result help = weft("shutdown", "--help");
                assertEquals(0, help.status(), help.output());
                assertTrue(help.output().contains("shutdown sessions BACKEND/HOST:PORT"), help.output());

                Files.writeString(file, config.replace("balancing = round-robin", "balancing = sideways"));
                Result bad = weft("reload", "--socket", socket.toString());
                assertEquals(1, bad.status(), "systemctl reload fails on a bad file: " + bad.output());
                systemd.await("RELOADING=1", WAIT);
                assertTrue(systemd.await("READY=1", WAIT).contains("ERROR"), "the status says the reload failed");

                weft.signal("TERM");
                assertTrue(systemd.await("STOPPING=1", WAIT).contains("EXTEND_TIMEOUT_USEC="));
                assertEquals(0, weft.awaitExit(WAIT), weft.output());
            }
            assertTrue(Files.readString(dir.resolve("weft.state")).contains("\"state\": \"drain\""),
                    "the drain is kept for the next start");
        }
    }
}
