package dev.weft.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every scenario against the harness's own backends, and against a proxy that corrupts one byte. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScenarioTest {
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8);
    private static PerfBackend echo;
    private static PerfBackend sink;
    private static PerfBackend source;

    @BeforeAll
    static void startBackends() throws Exception {
        echo = PerfBackend.start(PerfBackend.Kind.ECHO, ANY);
        sink = PerfBackend.start(PerfBackend.Kind.SINK, ANY);
        source = PerfBackend.start(PerfBackend.Kind.SOURCE, ANY);
    }

    @AfterAll
    static void stopBackends() throws Exception {
        echo.close();
        sink.close();
        source.close();
    }

    @Test
    void throughputInEveryDirectionMovesAndChecksBytes() throws Exception {
        for (var direction : ThroughputScenario.Direction.values()) {
            InetSocketAddress target = switch (direction) {
                case UP -> sink.address();
                case DOWN -> source.address();
                case BOTH -> echo.address();
            };
            ScenarioResult result = ThroughputScenario.run("direct", new ThroughputScenario.Settings(target, 2, SHORT,
                    direction), QUIET);
            assertTrue(result.figures().get("bytes") > 0 && result.figures().get("gbps") > 0, result.toString());
        }
    }

    @Test
    void requestResponseClosedAndOpenLoopRecordEveryRequest() throws Exception {
        ScenarioResult closed = RequestResponseScenario.run("direct", new RequestResponseScenario.Settings(
                echo.address(), 2, 100, SHORT, 0), QUIET);
        assertEquals("rr", closed.scenario());
        assertTrue(closed.latency().getTotalCount() > 0);
        assertTrue(closed.figures().get("p50_us") <= closed.figures().get("p99_us"));

        ScenarioResult open = RequestResponseScenario.run("direct", new RequestResponseScenario.Settings(
                echo.address(), 2, 64, Duration.ofMillis(500), 200), QUIET);
        assertEquals("rr-open", open.scenario());
        // A fixed schedule of 200 req/s for half a second: the count follows from the schedule, not from speed.
        assertEquals(100, open.latency().getTotalCount());
    }

    @Test
    void connectRequestResponseAndIdleMeasure() throws Exception {
        ScenarioResult crr = ConnectRequestResponseScenario.run("direct", new ConnectRequestResponseScenario
                .Settings(echo.address(), 2, 64, SHORT), QUIET);
        assertTrue(crr.figures().get("connections_per_s") > 0);

        ScenarioResult idle = IdleScenario.run("direct", new IdleScenario.Settings(echo.address(), 10, 50,
                List.of(ProcessHandle.current().pid()), Duration.ZERO, false), QUIET);
        assertEquals(50.0, idle.figures().get("connections"));
        assertTrue(idle.figures().containsKey("rss_per_connection_kib"));
    }

    @Test
    void aProxyThatCorruptsDataFailsEveryScenario() throws Exception {
        try (CorruptingProxy toSink = new CorruptingProxy(sink.address(), 1000);
             CorruptingProxy fromSource = new CorruptingProxy(source.address(), 1000);
             CorruptingProxy toEcho = new CorruptingProxy(echo.address(), 1000)) {
            assertThrows(CorruptionException.class, () -> ThroughputScenario.run("broken",
                    new ThroughputScenario.Settings(toSink.address(), 1, SHORT, ThroughputScenario.Direction.UP),
                    QUIET));
            assertThrows(CorruptionException.class, () -> ThroughputScenario.run("broken",
                    new ThroughputScenario.Settings(fromSource.address(), 1, SHORT,
                            ThroughputScenario.Direction.DOWN), QUIET));
            assertThrows(CorruptionException.class, () -> ThroughputScenario.run("broken",
                    new ThroughputScenario.Settings(toEcho.address(), 1, SHORT, ThroughputScenario.Direction.BOTH),
                    QUIET));
            assertThrows(CorruptionException.class, () -> RequestResponseScenario.run("broken",
                    new RequestResponseScenario.Settings(toEcho.address(), 1, 64, SHORT, 0), QUIET));
        }
    }

    @Test
    void theCommandLineExitsOneOnCorruption() throws Exception {
        try (CorruptingProxy toEcho = new CorruptingProxy(echo.address(), 10)) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = new PerfMain(QUIET, new PrintStream(err, true, StandardCharsets.UTF_8)).execute(List.of("rr",
                    "--target", "127.0.0.1:" + toEcho.address().getPort(), "--duration", "300ms"));
            assertEquals(PerfMain.FAILED, status);
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("FAILED: data corrupted"), err.toString());
        }
    }
}
