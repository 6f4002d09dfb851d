package dev.weft.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    @TempDir
    Path dir;

    private static ScenarioResult rr(String target, double p50, double rate) {
        Histogram latency = ScenarioResult.newHistogram();
        latency.recordValue((long) (p50 * 1000));
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("requests_per_s", rate);
        figures.put("p50_us", p50);
        figures.put("p99_us", p50 * 2);
        return new ScenarioResult("rr", target, figures, latency);
    }

    @Test
    void theTableHasEveryTargetTheRatioToHaproxyAndTheAddedLatency() throws Exception {
        List<ScenarioResult> results = List.of(rr("direct", 40, 20000), rr("weft-jdk", 60, 10000),
                rr("haproxy", 50, 12500));
        Report.write(dir, results, List.of("direct", "weft-jdk", "haproxy"), Map.of("date", "today"),
                List.of("nginx skipped: not installed"));
        String report = Files.readString(dir.resolve("report.md"));
        assertTrue(report.contains("| figure | direct | weft-jdk | haproxy | weft-jdk ÷ haproxy |"), report);
        assertTrue(report.contains("| rr 64 B closed loop (req/s) ↑ | 20,000 | 10,000 | 12,500 | 0.80× |"), report);
        assertTrue(report.contains("| rr p50 (µs) ↓ | 40.0 | 60.0 | 50.0 | 1.20× |"), report);
        assertTrue(report.contains("| rr added p50 vs direct (µs) ↓ | 0.00 | 20.0 | 10.0 | 2.00× |"), report);
        assertTrue(report.contains("- **note:** nginx skipped: not installed"), report);
        assertTrue(report.contains("![rr-latency.png](rr-latency.png)"), report);
        assertTrue(Files.size(dir.resolve("rr-latency.png")) > 0);
        assertTrue(!report.contains("throughput, 1 connection"), "rows of scenarios not run are left out");
    }

    @Test
    void withoutHaproxyTheRatioIsNotApplicable() throws Exception {
        Report.write(dir, List.of(rr("weft-jdk", 60, 10000)), List.of("weft-jdk"), Map.of(), List.of());
        assertTrue(Files.readString(dir.resolve("report.md")).contains("| rr p50 (µs) ↓ | 60.0 | n/a |"));
    }

    @Test
    void jsonIsWellFormedAndKeepsEveryFigure() throws Exception {
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("gbps", 9.25);
        figures.put("missing", Double.NaN);
        Path file = dir.resolve("out/results.json");
        ResultFiles.writeJson(file, Map.of("command", "weft perf \"quoted\"\n"), List.of(
                new ScenarioResult("throughput", "weft-jdk", figures, null)));
        Config parsed = ConfigFactory.parseString(Files.readString(file));
        assertEquals("weft perf \"quoted\"\n", parsed.getString("context.command"));
        Config result = parsed.getConfigList("results").getFirst();
        assertEquals(9.25, result.getDouble("figures.gbps"));
        assertTrue(result.getIsNull("figures.missing"));
    }
}
