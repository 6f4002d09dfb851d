package dev.weft.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerfMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PerfMain perf = new PerfMain(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    @Test
    void badArgumentsPrintUsageAndExitTwo() {
        for (List<String> args : List.of(List.<String>of(), List.of("frobnicate"), List.of("rr"),
                List.of("rr", "--target", "127.0.0.1:1", "--rate", "-5"), List.of("throughput", "--target",
                        "127.0.0.1:1", "--direction", "sideways"), List.of("serve", "tea", "--bind", "127.0.0.1:0"),
                List.of("compare", "--targets", "squid"), List.of("idle", "--target", "127.0.0.1:1", "--pid", "x"))) {
            err.reset();
            assertEquals(PerfMain.USAGE, perf.execute(args), args.toString());
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("Usage: weft perf SCENARIO"), args.toString());
        }
    }

    @Test
    void aScenarioWritesItsSummaryJsonAndHistogram() throws Exception {
        try (PerfBackend echo = PerfBackend.start(PerfBackend.Kind.ECHO,
                new java.net.InetSocketAddress("127.0.0.1", 0))) {
            Path json = dir.resolve("rr.json");
            int status = perf.execute(List.of("rr", "--target", "127.0.0.1:" + echo.address().getPort(),
                    "--duration", "200ms", "--json", json.toString(), "--hgrm", dir.resolve("hgrm").toString()));
            assertEquals(PerfMain.OK, status, err.toString(StandardCharsets.UTF_8));
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("rr via 127.0.0.1:"), out.toString());
            var parsed = com.typesafe.config.ConfigFactory.parseString(Files.readString(json));
            assertEquals("rr", parsed.getConfigList("results").getFirst().getString("scenario"));
            assertTrue(parsed.getConfigList("results").getFirst().getDouble("figures.requests_per_s") > 0);
            try (var files = Files.list(dir.resolve("hgrm"))) {
                Path hgrm = files.findFirst().orElseThrow();
                assertTrue(Files.readString(hgrm).contains("Percentile"), hgrm.toString());
            }
        }
    }
}
