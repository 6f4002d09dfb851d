package dev.weft.perf;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

/**
 * The report's PNG charts. Every bar is a median over the rounds and every dot one round, so that the spread a
 * shared machine puts on a figure is in the picture, not only the median.
 */
final class Charts {
    /** The figures that get a chart of their own: scenario, figure, title, unit, file. */
    private record Chart(String scenario, String figure, String title, String unit, String file) {
    }

    private static final List<Chart> FIGURES = List.of(
            new Chart("bulk-up-1", "gbps", "Bulk, 1 stream (iperf3)", "Gbit/s", "bulk.png"),
            new Chart("http-keepalive", "requests_per_s", "HTTP keep-alive requests (wrk)", "requests/s",
                    "http-keepalive.png"),
            new Chart("http-close", "requests_per_s", "New connections (wrk, Connection: close)", "connections/s",
                    "http-close.png"),
            new Chart("redis", "requests_per_s", "redis-benchmark SET+GET", "requests/s", "redis.png"),
            new Chart("rr", "added_p99_us", "64 B ping-pong, p99 added over direct (sockperf)", "µs",
                    "rr-added-p99.png"),
            new Chart("tls-new-ec", "handshakes_per_s", "TLS full handshakes, ECDSA P-256 (openssl s_time -new)",
                    "handshakes/s", "tls-handshakes.png"));

    /** The rows of the ratio chart: rates and the added tail, where the headline ratios come from. */
    private static final List<String> RATIO_ROWS = List.of("bulk-up-1/gbps", "bulk-up-8/gbps", "rr/added_p50_us",
            "rr/added_p99_us", "http-keepalive/requests_per_s", "http-close/requests_per_s", "redis/requests_per_s",
            "tls-new-ec/handshakes_per_s", "tls-resume/handshakes_per_s", "tls-bulk/gbps",
            "http-keepalive/" + Report.CPU, "http-close/" + Report.CPU);

    private Charts() {
    }

    static List<String> write(Path dir, Rounds rounds, List<String> targets) throws IOException {
        List<String> written = new ArrayList<>();
        for (Chart chart : FIGURES) {
            List<String> names = new ArrayList<>();
            List<List<Double>> values = new ArrayList<>();
            for (String target : targets) {
                List<Double> byRound = rounds.values(chart.scenario(), target, chart.figure());
                if (Spread.of(byRound).present()) {
                    names.add(target);
                    values.add(byRound);
                }
            }
            if (!names.isEmpty()) {
                save(dir, chart.file(), chart.title(), chart.unit(), names, values, written);
            }
        }
        ratios(dir, rounds, targets, written);
        return written;
    }

    /** The first Weft target over HAProxy, per figure. */
    private static void ratios(Path dir, Rounds rounds, List<String> targets, List<String> written)
            throws IOException {
        String weft = targets.stream().filter(t -> t.startsWith("weft")).findFirst().orElse(null);
        if (weft == null || !targets.contains(Report.BASELINE)) {
            return;
        }
        List<String> names = new ArrayList<>();
        List<List<Double>> values = new ArrayList<>();
        for (String row : RATIO_ROWS) {
            String scenario = row.substring(0, row.indexOf('/'));
            String figure = row.substring(row.indexOf('/') + 1);
            List<Double> ratios = rounds.ratios(scenario, weft, figure, List.of(Report.BASELINE), true);
            if (Spread.of(ratios).present()) {
                names.add(row.replace("requests_per_s", "rate").replace("handshakes_per_s", "rate")
                        .replace(Report.CPU, "cpu/op"));
                values.add(ratios);
            }
        }
        if (!names.isEmpty()) {
            save(dir, "ratios.png", weft + " ÷ " + Report.BASELINE + " (1 = even; rates: more is better;"
                    + " latency and CPU: less is better)", "ratio", names, values, written);
        }
    }

    private static void save(Path dir, String file, String title, String unit, List<String> names,
                             List<List<Double>> values, List<String> written) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(520).title(title).yAxisTitle(unit)
                .build();
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisLabelRotation(names.size() > 6 ? 30 : 0);
        List<Double> medians = values.stream().map(v -> Spread.of(v).median()).toList();
        chart.addSeries("median", names, medians);
        int rounds = values.stream().mapToInt(List::size).max().orElse(0);
        for (int round = 0; round < rounds; round++) {
            List<Double> dots = new ArrayList<>();
            for (List<Double> byRound : values) {
                double value = round < byRound.size() ? byRound.get(round) : Double.NaN;
                dots.add(Double.isFinite(value) ? value : null);
            }
            if (dots.stream().anyMatch(d -> d != null)) {
                CategorySeries series = chart.addSeries("round " + (round + 1), names, dots);
                series.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
                series.setMarkerColor(Color.DARK_GRAY);
                series.setLabel("each round");
                series.setShowInLegend(round == 0);
            }
        }
        BitmapEncoder.saveBitmap(chart, dir.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
        written.add(file);
    }
}
