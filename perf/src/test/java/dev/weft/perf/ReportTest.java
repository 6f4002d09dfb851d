package dev.weft.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    private static final List<String> TARGETS = List.of("direct", "weft-native-splice", "haproxy", "nginx");

    @TempDir
    Path dir;

    /** Three rounds of keep-alive HTTP where Weft trails HAProxy and nginx leads, plus system calls. */
    private static Rounds rounds() {
        Rounds rounds = new Rounds(3);
        double[][] rates = {{100_000, 40_000, 50_000, 55_000}, {90_000, 45_000, 50_000, 50_000},
                {110_000, 44_000, 40_000, 60_000}};
        for (int round = 1; round <= 3; round++) {
            for (int t = 0; t < TARGETS.size(); t++) {
                Map<String, Double> figures = new LinkedHashMap<>();
                figures.put("requests_per_s", rates[round - 1][t]);
                if (t > 0) {
                    figures.put(Report.CPU, 20.0 + t);
                }
                rounds.add("http-keepalive", TARGETS.get(t), round, figures);
            }
        }
        rounds.addSingle("http-keepalive", "weft-native-splice", Map.of(Report.SYSCALLS, 8.3, "sys_read", 4.0,
                "err_read", 2.0, "sys_epoll_ctl", 2.0));
        rounds.addSingle("http-keepalive", "haproxy", Map.of(Report.SYSCALLS, 4.75, "sys_recvfrom", 2.0));
        rounds.addSingle(Scenarios.INTEGRITY, "weft-native-splice", Map.of("bytes", 2e9));
        rounds.command("http-keepalive", "direct", List.of("wrk", "-c32", "http://127.0.0.1:1/"));
        rounds.command("http-keepalive", "weft-native-splice", List.of("wrk", "-H", "Connection: close",
                "http://127.0.0.1:2/"));
        return rounds;
    }

    @Test
    void theTableHasMediansAndRoundByRoundRatiosWithTheirSpread() throws Exception {
        Report.write(dir, rounds(), TARGETS, Map.of("commit", "abc1234"), List.of("redis skipped: not installed"),
                List.of("ratios.png"));
        String report = Files.readString(dir.resolve("report.md"));
        assertTrue(report.contains("| figure | direct | weft-native-splice | haproxy | nginx"
                + " | weft-native-splice ÷ haproxy | weft-native-splice ÷ best peer |"), report);
        // Weft over HAProxy per round: 0.80, 0.90, 1.10; over the best peer: 40/55, 45/50, 44/60.
        assertTrue(report.contains("| HTTP keep-alive (wrk), requests/s ↑ | 100,000 | 44,000 | 50,000 | 55,000"
                + " | 0.90× (0.80–1.10) | 0.73× (0.73–0.90) |"), report);
        assertTrue(report.contains("| HTTP keep-alive, proxy CPU µs per request ↓ | — | 21.0 | 22.0 | 23.0"
                + " | 0.95× (0.95–0.95) | 0.95× (0.95–0.95) |"), report);
        assertTrue(report.contains("| HTTP keep-alive, system calls per request ↓ | — | 8.30 | 4.75 | — | 1.75× | 1.75× |"),
                report);
        assertTrue(report.contains("| weft-native-splice | read 4.00 (!2.00), epoll_ctl 2.00 |"), report);
        assertTrue(report.contains("- **note:** redis skipped: not installed"), report);
        assertTrue(report.contains("intact through weft-native-splice 2.00 GB"), report);
        assertTrue(report.contains("# http-keepalive via weft-native-splice\nwrk -H 'Connection: close'"
                + " http://127.0.0.1:2/\n"), "the Weft command is the one shown, quoted for a shell: " + report);
        assertFalse(report.contains("http-keepalive via direct"), report);
        assertFalse(report.contains("Gbit/s"), "rows of scenarios not run are left out");
    }

    @Test
    void withoutHaproxyTheRatiosAreNotApplicable() throws Exception {
        Rounds rounds = new Rounds(1);
        rounds.add("redis", "weft-jdk", 1, Map.of("requests_per_s", 10_000.0));
        Report.write(dir, rounds, List.of("weft-jdk"), Map.of(), List.of(), List.of());
        assertTrue(Files.readString(dir.resolve("report.md"))
                .contains("| redis-benchmark SET+GET, requests/s ↑ | 10,000 | n/a | n/a |"));
    }

    @Test
    void chartsShowEveryRoundAndTheRatioToHaproxy() throws Exception {
        List<String> charts = Charts.write(dir, rounds(), TARGETS);
        assertEquals(List.of("http-keepalive.png", "ratios.png"), charts);
        for (String chart : charts) {
            assertTrue(Files.size(dir.resolve(chart)) > 1000, chart);
        }
    }

    @Test
    void jsonKeepsEveryRoundTheSingleFiguresAndTheRatios() throws Exception {
        Path file = dir.resolve("out/results.json");
        ResultFiles.writeComparison(file, Map.of("command", "weft perf \"quoted\"\n"), List.of("a note"), rounds(),
                TARGETS);
        Config parsed = ConfigFactory.parseString(Files.readString(file));
        assertEquals("weft perf \"quoted\"\n", parsed.getString("context.command"));
        assertEquals(List.of("a note"), parsed.getStringList("notes"));
        Config weft = parsed.getConfigList("results").stream()
                .filter(r -> r.getString("target").equals("weft-native-splice")
                        && r.getString("scenario").equals("http-keepalive")).findFirst().orElseThrow();
        assertEquals(3, weft.getConfigList("rounds").size());
        assertEquals(45_000, weft.getConfigList("rounds").get(1).getDouble("requests_per_s"));
        assertEquals(8.3, weft.getDouble("once.syscalls_per_op"));
        assertEquals(0.9, weft.getDouble("ratios.\"requests_per_s/haproxy\".median"), 1e-9);
        assertEquals(0.8, weft.getDouble("ratios.\"requests_per_s/haproxy\".min"), 1e-9);
        assertEquals(3, weft.getInt("ratios.\"requests_per_s/best_peer\".rounds"));
    }

    @Test
    void aReportDrawnAgainFromResultsJsonIsTheSameReport() throws Exception {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("date", "2026-12-01T10:00:00Z");
        context.put("commit", "abc1234");
        context.put("command", "`bin/weft perf compare`");
        Rounds rounds = rounds();
        rounds.add("rr", "weft-native-splice", 1, Map.of("p99_us", Double.NaN));
        Path first = Files.createDirectories(dir.resolve("first"));
        ResultFiles.writeComparison(first.resolve("results.json"), context, List.of("a note"), rounds, TARGETS);
        Report.write(first, rounds, TARGETS, context, List.of("a note"), Charts.write(first, rounds, TARGETS));

        Path again = Files.createDirectories(dir.resolve("again"));
        Files.copy(first.resolve("results.json"), again.resolve("results.json"));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        PerfMain perf = new PerfMain(new java.io.PrintStream(out, true), new java.io.PrintStream(out, true));
        assertEquals(PerfMain.OK, perf.execute(List.of("report", again.toString())), out.toString());
        assertEquals(Files.readString(first.resolve("report.md")), Files.readString(again.resolve("report.md")));
        assertTrue(Files.size(again.resolve("ratios.png")) > 1000);
        assertEquals(PerfMain.USAGE, perf.execute(List.of("report", dir.resolve("nothing").toString())));
    }

    @Test
    void aRatioOfFiguresNotAboveZeroIsLeftOut() {
        Rounds rounds = new Rounds(3);
        double[] weft = {5, -2, 4};
        double[] haproxy = {10, 3, 0};
        for (int round = 1; round <= 3; round++) {
            rounds.add("rr", "weft", round, Map.of("added_p99_us", weft[round - 1]));
            rounds.add("rr", "haproxy", round, Map.of("added_p99_us", haproxy[round - 1]));
        }
        assertEquals(new Spread(0.5, 0.5, 0.5, 1), rounds.ratio("rr", "weft", "added_p99_us", List.of("haproxy"),
                false));
    }

    @Test
    void singleScenarioJsonIsWellFormedAndKeepsEveryFigure() throws Exception {
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("gbps", 9.25);
        figures.put("missing", Double.NaN);
        Path file = dir.resolve("out/single.json");
        ResultFiles.writeJson(file, Map.of("command", "weft perf throughput"), List.of(
                new ScenarioResult("throughput", "weft-jdk", figures, null)));
        Config result = ConfigFactory.parseString(Files.readString(file)).getConfigList("results").getFirst();
        assertEquals(9.25, result.getDouble("figures.gbps"));
        assertTrue(result.getIsNull("figures.missing"));
    }
}
