package dev.weft.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.balance.EndpointState;
import dev.weft.balance.RuntimeOverrides;
import dev.weft.config.ConfigLoader;
import dev.weft.server.WeftServer;
import dev.weft.testkit.Await;
import dev.weft.testkit.Blackhole;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime API against a running server with real backends: endpoint states and weights steer new
 * connections and leave open ones alone, sessions are listed and ended, and changes outlive a reload and, through
 * the state file, a restart.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RuntimeApiTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private TestServer first;
    private TestServer second;
    private WeftServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    private String config(String backendSettings) {
        return """
                weft {
                  listeners.front { bind = "127.0.0.1:0", backend = app }
                  backends.app {
                    endpoints = ["%s", "%s"]
                    balancing = round-robin
                    health-check.enabled = false
                    %s
                  }
                }
                """.formatted(first.hostPort(), second.hostPort(), backendSettings);
    }

    private RuntimeApi start(String backendSettings, StateFile stateFile, RuntimeOverrides overrides)
            throws Exception {
        first = TestServer.start(TestServer.ECHO);
        second = TestServer.start(TestServer.ECHO);
        Path file = dir.resolve("weft.conf");
        Files.writeString(file, config(backendSettings));
        server = WeftServer.start(ConfigLoader.fromFile(file, new Properties()), overrides);
        RuntimeApi api = new RuntimeApi(server, new Reloader(server, () -> ConfigLoader.fromFile(file,
                new Properties())), stateFile);
        api.dropStale();
        return api;
    }

    private SocketChannel echoed(String text) throws Exception {
        SocketChannel client = SocketChannel.open(server.listeners().getFirst().address());
        Streams.write(client, text);
        assertEquals(text, Streams.readExactly(client, text.length()));
        return client;
    }

    private static void ok(Reply reply) {
        assertTrue(reply.ok(), reply.text());
        assertTrue(reply.text().startsWith("OK"), reply.text());
    }

    @Test
    void drainStopsNewConnectionsAndLetsOpenOnesRunThenReadyTakesThemAgain() throws Exception {
        RuntimeApi api = start("", null, new RuntimeOverrides());
        SocketChannel held = echoed("a");
        SocketChannel other = echoed("b");
        assertEquals(1, first.accepted());
        assertEquals(1, second.accepted());

        ok(api.execute("set endpoint app/" + first.hostPort() + " state drain"));
        for (int i = 0; i < 6; i++) {
            echoed("c" + i).close();
        }
        assertEquals(1, first.accepted(), "a drained endpoint takes no new connection");
        assertEquals(7, second.accepted());
        Streams.write(held, "still");
        assertEquals("still", Streams.readExactly(held, 5), "its open connection runs on");
        String table = api.execute("show endpoints").text();
        assertTrue(table.lines().anyMatch(line -> line.contains(first.hostPort()) && line.contains(" drain ")),
                table);

        ok(api.execute("set endpoint app/" + first.hostPort() + " state ready"));
        for (int i = 0; i < 4; i++) {
            echoed("d" + i).close();
        }
        assertEquals(3, first.accepted(), "ready again: back in the rotation");
        held.close();
        other.close();
    }

    @Test
    void weightZeroTakesNoNewConnectionsAndAWeightSteersTheShare() throws Exception {
        RuntimeApi api = start("", null, new RuntimeOverrides());
        ok(api.execute("set endpoint app/" + second.hostPort() + " weight 0"));
        for (int i = 0; i < 5; i++) {
            echoed("x").close();
        }
        assertEquals(5, first.accepted());
        assertEquals(0, second.accepted());
        ok(api.execute("set endpoint app/" + second.hostPort() + " weight 3"));
        for (int i = 0; i < 8; i++) {
            echoed("y").close();
        }
        assertEquals(7, first.accepted(), "round-robin by weight: 1 in 4 to the first");
        assertEquals(6, second.accepted(), "and 3 in 4 to the second");
    }

    @Test
    void sessionsAreListedByIdAndEndedOneByOneOrByEndpoint() throws Exception {
        RuntimeApi api = start("", null, new RuntimeOverrides());
        SocketChannel a = echoed("a");
        SocketChannel b = echoed("b");
        SocketChannel c = echoed("c");
        Reply sessions = api.execute("show sessions");
        ok(sessions);
        assertEquals(5, sessions.text().lines().count(), sessions.text());
        assertTrue(sessions.text().lines().skip(1).findFirst().orElseThrow().startsWith("id "), sessions.text());
        assertTrue(sessions.json().contains("\"endpoint\": \"" + first.hostPort() + "\""), sessions.json());
        long firstId = Long.parseLong(sessions.text().lines().skip(2).findFirst().orElseThrow().split(" ")[0]);

        ok(api.execute("shutdown session " + firstId));
        assertEquals(-1, a.read(ByteBuffer.allocate(1)), "the session shut down ends with a FIN");
        assertFalse(api.execute("shutdown session " + firstId).ok(), "and is gone");

        // b went to the second endpoint, c to the first: ending the first's sessions leaves b alone.
        Reply ended = api.execute("shutdown sessions app/" + first.hostPort());
        assertTrue(ended.text().contains("shut down 1 session(s)"), ended.text());
        assertEquals(-1, c.read(ByteBuffer.allocate(1)));
        Streams.write(b, "alive");
        assertEquals("alive", Streams.readExactly(b, 5));
        b.close();
    }

    @Test
    void mistakesAreAnsweredWithWhatIsWrong() throws Exception {
        RuntimeApi api = start("", null, new RuntimeOverrides());
        assertTrue(api.execute("set endpoint nope/1.2.3.4:5 state drain").text().contains("no backend 'nope'"));
        assertTrue(api.execute("set endpoint app/127.0.0.1:1 state drain").text().contains("has no endpoint"));
        assertTrue(api.execute("set endpoint app/" + first.hostPort() + " state sleepy").text()
                .contains("ready, drain or maint"));
        assertTrue(api.execute("set endpoint app/" + first.hostPort() + " weight 1001").text()
                .contains("0 to 1000"));
        assertTrue(api.execute("shutdown session x").text().contains("is a number"));
        Reply unknown = api.execute("show \u001b[31mred");
        assertFalse(unknown.ok());
        assertEquals(1, unknown.text().lines().filter(line -> line.contains("unknown command")).count());
        assertFalse(unknown.text().contains("\u001b"), "the command is escaped in the answer");
    }

    @Test
    void changesOutliveAReloadAndThroughTheStateFileARestart() throws Exception {
        Path state = dir.resolve("weft.state");
        RuntimeOverrides overrides = new RuntimeOverrides();
        RuntimeApi api = start("", StateFile.open(state, overrides), overrides);
        ok(api.execute("set endpoint app/" + first.hostPort() + " state maint"));
        ok(api.execute("set endpoint app/" + second.hostPort() + " weight 7"));
        assertEquals(EndpointState.MAINT, server.backend("app").endpoints().get(0).state());

        ok(api.execute("reload"));
        assertEquals(EndpointState.MAINT, server.backend("app").endpoints().get(0).state(), "kept by a reload");
        assertEquals(7, server.backend("app").endpoints().get(1).weight());
        String saved = Files.readString(state);
        assertTrue(saved.contains("\"state\": \"maint\"") && saved.contains("\"weight\": 7"), saved);

        server.close();
        Path file = dir.resolve("weft.conf");
        RuntimeOverrides restored = new RuntimeOverrides();
        StateFile reopened = StateFile.open(state, restored);
        server = WeftServer.start(ConfigLoader.fromFile(file, new Properties()), restored);
        assertEquals(EndpointState.MAINT, server.backend("app").endpoints().get(0).state(), "kept by a restart");
        assertEquals(7, server.backend("app").endpoints().get(1).weight());

        // An endpoint the configuration no longer has: its entry is dropped, from memory and from the file.
        Files.writeString(file, config("").replace("\"" + first.hostPort() + "\", ", ""));
        RuntimeApi after = new RuntimeApi(server, new Reloader(server, () -> ConfigLoader.fromFile(file,
                new Properties())), reopened);
        ok(after.execute("reload"));
        after.dropStale();
        assertFalse(Files.readString(state).contains(first.hostPort()), Files.readString(state));
        assertTrue(Files.readString(state).contains(second.hostPort()), Files.readString(state));
    }

    @Test
    void aFileThatIsNotAStateFileIsNeitherReadNorReplaced() throws Exception {
        Path notes = dir.resolve("notes.json");
        Files.writeString(notes, "{\"shopping\": [\"milk\"]}");
        IOException refused = assertThrows(IOException.class, () -> StateFile.open(notes, new RuntimeOverrides()));
        assertTrue(refused.getMessage().contains("not a Weft state file"), refused.getMessage());
        assertEquals("{\"shopping\": [\"milk\"]}", Files.readString(notes));
    }

    @Test
    void maintStopsTheProbesSoItsHealthStaysWhatItWas() throws Exception {
        // The endpoint in maint refuses connections at once, the other one times them out: were the first probed,
        // it would reach the 5 failures that mark it down well before the second does.
        first = TestServer.start(TestServer.ECHO);
        String refusing = first.hostPort();
        first.close();
        first = null;
        try (Blackhole silent = new Blackhole()) {
            Path file = dir.resolve("weft.conf");
            Files.writeString(file, """
                    weft {
                      listeners.front { bind = "127.0.0.1:0", backend = app }
                      backends.app {
                        endpoints = ["%s", "%s"]
                        health-check { interval = 100ms, timeout = 100ms, unhealthy-threshold = 5 }
                      }
                    }
                    """.formatted(refusing, silent.hostPort()));
            RuntimeOverrides overrides = new RuntimeOverrides();
            overrides.put("app", new InetSocketAddress("127.0.0.1", Integer.parseInt(refusing.split(":")[1])),
                    new RuntimeOverrides.Override(EndpointState.MAINT, RuntimeOverrides.Override.CONFIGURED));
            server = WeftServer.start(ConfigLoader.fromFile(file, new Properties()), overrides);
            var endpoints = server.backend("app").endpoints();
            Await.until(() -> endpoints.get(1).health().markedDown(), WAIT, () -> "the probed endpoint goes down");
            assertFalse(endpoints.get(0).health().markedDown(), "the endpoint in maint was never probed");
        }
    }
}
