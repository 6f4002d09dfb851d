package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.Ports;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.TlsKit;
import dev.weft.testkit.WeftProcess.Result;
import dev.weft.testkit.WeftProcess;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, started through bin/weft exactly as a user would. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LauncherIT {
    private static final Duration STARTUP = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Path config(String backendHostPort, String extra) throws Exception {
        return Files.writeString(dir.resolve("weft.conf"), """
                weft {
                  listeners { front { bind = "127.0.0.1:0", backend = app } }
                  backends {
                    app { endpoints = ["%s"], health-check.enabled = false }
                  }
                  %s
                }
                """.formatted(backendHostPort, extra));
    }

    @Test
    void sigtermDrainsOpenConnectionsThenExitsZero() throws Exception {
        try (TestServer echo = TestServer.start(TestServer.ECHO);
             WeftProcess weft = WeftProcess.start(List.of("run", "--config",
                     config(echo.hostPort(), "shutdown.drain-timeout = 60s").toString()))) {
            int port = weft.awaitListeningPort("front", STARTUP);
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
            try (SocketChannel open = SocketChannel.open(address)) {
                Streams.write(open, "before");
                assertEquals("before", Streams.readExactly(open, 6));

                weft.signal("TERM");
                weft.awaitLine("draining 1 connection(s)", STARTUP);
                assertThrows(ConnectException.class, () -> SocketChannel.open(address).close(),
                        "new clients are refused while draining");
                Streams.write(open, "during");
                assertEquals("during", Streams.readExactly(open, 6), "open connections keep working");
                open.shutdownOutput();
                assertEquals(-1, open.read(ByteBuffer.allocate(1)));
            }
            assertEquals(0, weft.awaitExit(STARTUP), weft.output());
            assertTrue(weft.output().contains("drained: every connection finished"), weft.output());
        }
    }

    @Test
    void drainTimeoutClosesWhatIsLeftAndStillExitsZero() throws Exception {
        try (TestServer echo = TestServer.start(TestServer.ECHO);
             WeftProcess weft = WeftProcess.start(List.of("run", "--config",
                     config(echo.hostPort(), "shutdown.drain-timeout = 300ms").toString()));
             SocketChannel open = echoedConnection(weft)) {
            weft.signal("INT");
            assertEquals(-1, open.read(ByteBuffer.allocate(1)), "closed when the drain timeout ran out");
            assertEquals(0, weft.awaitExit(STARTUP), weft.output());
            assertTrue(weft.output().contains("drain timeout reached: closed 1 connection(s)"), weft.output());
        }
    }

    @Test
    void aSecondSignalClosesWhatIsLeftAtOnce() throws Exception {
        try (TestServer echo = TestServer.start(TestServer.ECHO);
             WeftProcess weft = WeftProcess.start(List.of("run", "--config",
                     config(echo.hostPort(), "shutdown.drain-timeout = 1h").toString()));
             SocketChannel open = echoedConnection(weft)) {
            weft.signal("TERM");
            weft.awaitLine("draining 1 connection(s)", STARTUP);
            weft.signal("TERM");
            assertEquals(-1, open.read(ByteBuffer.allocate(1)), "closed by the second signal, not after an hour");
            assertEquals(0, weft.awaitExit(STARTUP), weft.output());
        }
    }

    @Test
    void aPortInUseStopsStartupWithAClearErrorAndStatusOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path file = Files.writeString(dir.resolve("taken.conf"), """
                    weft {
                      listeners.front { bind = "127.0.0.1:%d", backend = app }
                      backends.app.endpoints = ["127.0.0.1:9"]
                    }
                    """.formatted(taken.getLocalPort()));
            Result result = WeftProcess.run(List.of("run", "--config", file.toString()), Map.of());
            assertEquals(1, result.status(), result.output());
            assertTrue(result.output().contains("weft: listener 'front': cannot bind 127.0.0.1:"
                    + taken.getLocalPort() + ": Address already in use"), result.output());
        }
    }

    /** A connection through Weft that has carried one echoed byte, so both of its legs exist. */
    private static SocketChannel echoedConnection(WeftProcess weft) throws Exception {
        SocketChannel open = SocketChannel.open(
                new InetSocketAddress("127.0.0.1", weft.awaitListeningPort("front", STARTUP)));
        Streams.write(open, "x");
        assertEquals("x", Streams.readExactly(open, 1));
        return open;
    }

    @Test
    void checkAcceptsAValidConfigWithoutBindingAnything() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path file = Files.writeString(dir.resolve("taken.conf"), """
                    weft {
                      listeners.front { bind = "127.0.0.1:%d", backend = app }
                      backends.app.endpoints = ["127.0.0.1:9"]
                    }
                    """.formatted(taken.getLocalPort()));
            Result result = WeftProcess.run(List.of("check", "--config", file.toString()), Map.of());
            assertEquals(0, result.status(), result.output());
            assertTrue(result.output().contains("OK (1 listener(s), 1 backend(s))"), result.output());
        }
    }

    @Test
    void checkPrintsEveryProblemWithItsFileLineAndExitsOne() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.conf"), """
                weft {
                  listeners.front { bind = "127.0.0.1:7000", backend = missing }
                  backends.app { endpoints = ["127.0.0.1:9001"], conect-timeout = 1s }
                }
                """);
        Result result = WeftProcess.run(List.of("check", "--config", file.toString()), Map.of());
        assertEquals(1, result.status(), result.output());
        assertTrue(result.output().contains(file + ":2: weft.listeners.front.backend: names backend 'missing'"),
                result.output());
        assertTrue(result.output().contains(file + ":3: weft.backends.app.conect-timeout: unknown key; did you mean"
                + " 'connect-timeout'?"), result.output());
        assertTrue(result.output().contains("2 problem(s) found"), result.output());
    }

    @Test
    void leadingDashDArgumentsOverrideConfigKeys() throws Exception {
        Path file = Files.writeString(dir.resolve("override.conf"), """
                weft {
                  listeners.front { bind = "127.0.0.1:7000", backend = app }
                  backends.app { endpoints = ["127.0.0.1:9001"], connect-timeout = never }
                }
                """);
        Result broken = WeftProcess.run(List.of("check", "--config", file.toString()), Map.of());
        assertEquals(1, broken.status(), broken.output());
        Result fixed = WeftProcess.run(List.of("-Dweft.backends.app.connect-timeout=1s", "check", "--config",
                file.toString()), Map.of());
        assertEquals(0, fixed.status(), fixed.output());
        Result viaJavaOpts = WeftProcess.run(List.of("check", "--config", file.toString()),
                Map.of("JAVA_OPTS", "-Dweft.backends.app.connect-timeout=2s"));
        assertEquals(0, viaJavaOpts.status(), viaJavaOpts.output());
    }

    @Test
    void demoProxiesToItsEchoBackendsAndSkipsTheDeadOne() throws Exception {
        // The demo starts its echo services on the first two; the third stays refused.
        String endpoints = "127.0.0.1:" + Ports.free() + ",127.0.0.1:" + Ports.free() + ",127.0.0.1:"
                + Ports.closed();
        try (WeftProcess weft = WeftProcess.start(List.of("-Dweft.listeners.demo.bind=127.0.0.1:0",
                "-Dweft.listeners.demo-tls.bind=127.0.0.1:0", "-Dweft.backends.echo.endpoints=" + endpoints,
                "demo"))) {
            int port = weft.awaitListeningPort("demo", STARTUP);
            int tlsPort = weft.awaitListeningPort("demo-tls", STARTUP);
            assertTrue(weft.output().contains("Try it: printf 'hello\\n' | nc -q 1 127.0.0.1"), weft.output());
            for (int i = 0; i < 6; i++) {
                try (SocketChannel client = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
                    Streams.write(client, "hello " + i);
                    assertEquals("hello " + i, Streams.readExactly(client, 7), weft.output());
                }
            }
            try (SSLSocket tls = TlsKit.connect(TlsKit.trustingAnyone(), new InetSocketAddress("127.0.0.1", tlsPort),
                    "localhost")) {
                tls.getOutputStream().write("hello tls".getBytes());
                assertEquals("hello tls", new String(tls.getInputStream().readNBytes(9)), weft.output());
                assertEquals("CN=localhost", TlsKit.served(tls).getSubjectX500Principal().getName());
            }
            weft.awaitLine("endpoint " + endpoints.substring(endpoints.lastIndexOf(',') + 1) + " is DOWN", STARTUP);
            weft.signal("TERM");
            assertEquals(0, weft.awaitExit(STARTUP), weft.output());
        }
    }

    @Test
    void versionHelpAndUsageErrors() throws Exception {
        Result version = WeftProcess.run(List.of("version"), Map.of());
        assertEquals(0, version.status());
        assertTrue(version.output().matches("(?s).*weft \\S+ \\(Java 2[5-9].*"), version.output());
        Result help = WeftProcess.run(List.of("help"), Map.of());
        assertEquals(0, help.status());
        for (String command : List.of("run", "check", "demo", "reload", "show", "set", "shutdown", "upgrade", "stat")) {
            assertTrue(help.output().contains("\n  " + command + " "), command + " in " + help.output());
        }
        Result checkHelp = WeftProcess.run(List.of("check", "--help"), Map.of());
        assertEquals(0, checkHelp.status());
        assertTrue(checkHelp.output().contains("Usage: weft [-Dkey=value ...] check --config FILE"),
                checkHelp.output());
        Result unknown = WeftProcess.run(List.of("frobnicate"), Map.of());
        assertEquals(2, unknown.status());
        assertTrue(unknown.output().contains("unknown command 'frobnicate'"), unknown.output());
        Result missing = WeftProcess.run(List.of("run"), Map.of());
        assertEquals(2, missing.status());
        assertTrue(missing.output().contains("missing --config FILE"), missing.output());
        assertTrue(missing.output().contains("Usage: weft [-Dkey=value ...] run --config FILE"),
                "a usage error ends with the command's own usage: " + missing.output());
    }

    @Test
    void launcherSkipsJdksOlderThan25AndSaysSoWhenNoneIsLeft() throws Exception {
        String java17 = "/usr/lib/jvm/java-17-openjdk-amd64";
        Map<String, String> old = Map.of("JAVA_HOME", java17, "PATH", java17 + "/bin:/usr/bin:/bin");
        Result found = WeftProcess.run(List.of("version"), old);
        assertEquals(0, found.status(), found.output());
        assertTrue(found.output().contains("(Java 2"), "fell through to a JDK 25+ under /usr/lib/jvm: "
                + found.output());

        Map<String, String> none = Map.of("JAVA_HOME", java17, "PATH", java17 + "/bin:/usr/bin:/bin",
                "WEFT_JVM_DIR", dir.toString());
        Result refused = WeftProcess.run(List.of("version"), none);
        assertEquals(1, refused.status(), refused.output());
        assertTrue(refused.output().contains("no JDK 25 or newer found"), refused.output());
    }
}
