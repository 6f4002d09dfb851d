package dev.weft.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * Writes a comparison's {@code report.md} and its PNG charts. The table has one row per figure and one column
 * per target, then one column per Weft target with its ratio to HAProxy (without splice), the baseline.
 */
final class Report {
    static final String BASELINE = "haproxy";

    /** A figure the report shows: which scenario and key, how to label it, and whether more is better. */
    record Row(String scenario, String figure, String label, boolean higherIsBetter) {
    }

    static final List<Row> ROWS = List.of(
            new Row("throughput", "gbps", "throughput, 1 connection (Gbit/s)", true),
            new Row("throughput", "gbit_per_cpu_second", "throughput per proxy CPU-second (Gbit)", true),
            new Row("rr", "requests_per_s", "rr 64 B closed loop (req/s)", true),
            new Row("rr", "p50_us", "rr p50 (µs)", false),
            new Row("rr", "p99_us", "rr p99 (µs)", false),
            new Row("rr", "added_p50_us", "rr added p50 vs direct (µs)", false),
            new Row("rr-open", "p50_us", "rr open loop p50 (µs)", false),
            new Row("rr-open", "p99_us", "rr open loop p99 (µs)", false),
            new Row("rr-open", "p999_us", "rr open loop p99.9 (µs)", false),
            new Row("crr", "connections_per_s", "crr (connections/s)", true),
            new Row("crr", "p99_us", "crr p99 (µs)", false),
            new Row("idle", "rss_per_connection_kib", "idle memory per connection (KiB)", false),
            new Row("tls-handshake-ec", "handshakes_per_s", "TLS 1.3 full handshakes/s, ECDSA P-256", true),
            new Row("tls-handshake-ec", "p99_us", "TLS handshake p99, ECDSA (µs)", false),
            new Row("tls-handshake-rsa", "handshakes_per_s", "TLS 1.3 full handshakes/s, RSA 2048", true),
            new Row("tls-resume", "handshakes_per_s", "TLS 1.3 resumed handshakes/s", true),
            new Row("tls-throughput", "gbps", "TLS throughput, 1 connection (Gbit/s)", true),
            new Row("tls-throughput", "gbit_per_cpu_second", "TLS throughput per proxy CPU-second (Gbit)", true));

    private Report() {
    }

    /**
     * @param results one folded result per scenario and target
     * @param targets target names in column order
     * @param context what ran where: date, command, machine, versions, notes
     */
    static void write(Path dir, List<ScenarioResult> results, List<String> targets, Map<String, String> context,
                      List<String> notes) throws IOException {
        Map<String, Map<String, ScenarioResult>> byScenario = index(results);
        addLatencyOverDirect(byScenario);
        StringBuilder md = new StringBuilder("# Weft performance comparison\n\n");
        context.forEach((key, value) -> md.append("- **").append(key).append(":** ").append(value).append('\n'));
        for (String note : notes) {
            md.append("- **note:** ").append(note).append('\n');
        }
        md.append("\nEach figure is the median over the interleaved rounds (targets take turns, A B C A B C ...).")
                .append(" Latencies are measured by the load generator, from intended send to full response.\n\n");
        List<String> weftTargets = targets.stream().filter(t -> t.startsWith("weft")).toList();
        boolean baseline = targets.contains(BASELINE);
        md.append("| figure | ").append(String.join(" | ", targets));
        for (String weft : weftTargets) {
            md.append(" | ").append(weft).append(" ÷ ").append(BASELINE);
        }
        md.append(" |\n|---|").append("---:|".repeat(targets.size() + weftTargets.size())).append('\n');
        for (Row row : ROWS) {
            Map<String, ScenarioResult> scenario = byScenario.get(row.scenario());
            if (scenario == null) {
                continue;
            }
            md.append("| ").append(row.label()).append(row.higherIsBetter() ? " ↑" : " ↓");
            for (String target : targets) {
                md.append(" | ").append(format(value(scenario, target, row.figure())));
            }
            for (String weft : weftTargets) {
                double ratio = value(scenario, weft, row.figure()) / value(scenario, BASELINE, row.figure());
                md.append(" | ").append(baseline && Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.2f×",
                        ratio) : "n/a");
            }
            md.append(" |\n");
        }
        md.append("\n↑ more is better, ↓ less is better.\n\n");
        for (String chart : charts(dir, byScenario, targets)) {
            md.append("![").append(chart).append("](").append(chart).append(")\n\n");
        }
        md.append("Raw latency distributions: `hgrm/`. Every figure: `results.json`.\n");
        Files.writeString(dir.resolve("report.md"), md);
    }

    /** Added latency is what a proxy costs a round trip: its p50 minus the direct p50 of the same run. */
    private static void addLatencyOverDirect(Map<String, Map<String, ScenarioResult>> byScenario) {
        Map<String, ScenarioResult> rr = byScenario.get("rr");
        if (rr == null || !rr.containsKey("direct")) {
            return;
        }
        double direct = rr.get("direct").figures().get("p50_us");
        rr.replaceAll((target, result) -> {
            Map<String, Double> figures = new LinkedHashMap<>(result.figures());
            figures.put("added_p50_us", figures.get("p50_us") - direct);
            return new ScenarioResult(result.scenario(), target, figures, result.latency());
        });
    }

    private static Map<String, Map<String, ScenarioResult>> index(List<ScenarioResult> results) {
        Map<String, Map<String, ScenarioResult>> byScenario = new LinkedHashMap<>();
        for (ScenarioResult result : results) {
            byScenario.computeIfAbsent(result.scenario(), k -> new LinkedHashMap<>()).put(result.target(), result);
        }
        return byScenario;
    }

    private static double value(Map<String, ScenarioResult> scenario, String target, String figure) {
        ScenarioResult result = scenario.get(target);
        Double value = result == null ? null : result.figures().get(figure);
        return value == null ? Double.NaN : value;
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "—";
        }
        if (Math.abs(value) >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%.0f" : Math.abs(value) >= 10 ? "%.1f" : "%.2f",
                value);
    }

    private static List<String> charts(Path dir, Map<String, Map<String, ScenarioResult>> byScenario,
                                       List<String> targets) throws IOException {
        List<String> written = new ArrayList<>();
        bars(dir, byScenario.get("throughput"), targets, "gbps", "Throughput, one connection", "Gbit/s",
                "throughput.png", written);
        bars(dir, byScenario.get("crr"), targets, "connections_per_s", "New connections per second",
                "connections/s", "crr.png", written);
        bars(dir, byScenario.get("tls-handshake-ec"), targets, "handshakes_per_s",
                "TLS 1.3 full handshakes per second (ECDSA P-256)", "handshakes/s", "tls-handshakes.png", written);
        percentileCurves(dir, byScenario.get("rr"), targets, "Request/response latency, closed loop",
                "rr-latency.png", written);
        percentileCurves(dir, byScenario.get("rr-open"), targets, "Request/response latency, open loop",
                "rr-open-latency.png", written);
        return written;
    }

    private static void bars(Path dir, Map<String, ScenarioResult> scenario, List<String> targets, String figure,
                             String title, String unit, String file, List<String> written) throws IOException {
        if (scenario == null) {
            return;
        }
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (String target : targets) {
            double value = value(scenario, target, figure);
            if (!Double.isNaN(value)) {
                names.add(target);
                values.add(value);
            }
        }
        if (names.isEmpty()) {
            return;
        }
        CategoryChart chart = new CategoryChartBuilder().width(900).height(500).title(title).xAxisTitle("target")
                .yAxisTitle(unit).build();
        chart.getStyler().setLegendVisible(false);
        chart.addSeries(figure, names, values);
        BitmapEncoder.saveBitmap(chart, dir.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
        written.add(file);
    }

    /** Latency against percentile, the x axis as 1/(1-p) on a log scale, so the tail gets room. */
    private static void percentileCurves(Path dir, Map<String, ScenarioResult> scenario, List<String> targets,
                                         String title, String file, List<String> written) throws IOException {
        if (scenario == null) {
            return;
        }
        XYChart chart = new XYChartBuilder().width(900).height(500).title(title)
                .xAxisTitle("percentile (1/(1-p), log scale: 10 = p90, 100 = p99, 1000 = p99.9)")
                .yAxisTitle("latency (µs, log scale)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        int series = 0;
        for (String target : targets) {
            ScenarioResult result = scenario.get(target);
            if (result == null || result.latency() == null || result.latency().getTotalCount() == 0) {
                continue;
            }
            Histogram latency = result.latency();
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (double p : new double[] {0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99}) {
                x.add(1 / (1 - p / 100));
                y.add(ScenarioResult.micros(latency.getValueAtPercentile(p)));
            }
            chart.addSeries(target, x, y);
            series++;
        }
        if (series > 0) {
            BitmapEncoder.saveBitmap(chart, dir.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
            written.add(file);
        }
    }
}
