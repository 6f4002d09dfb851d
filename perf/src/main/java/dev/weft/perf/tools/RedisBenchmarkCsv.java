package dev.weft.perf.tools;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code redis-benchmark --csv} prints (Redis 7): one row per command with its rate and latencies in ms.
 * {@link #requestsPerSecond()} combines the commands as one run of all their requests would: the total over the
 * sum of the times, since the commands run one after another.
 */
public record RedisBenchmarkCsv(List<Row> rows) {

    /** @param p50Micros, p99Micros latencies in µs */
    public record Row(String test, double requestsPerSecond, double p50Micros, double p99Micros) {
    }

    public RedisBenchmarkCsv {
        rows = List.copyOf(rows);
    }

    /** @param requestsPerTest the {@code -n} every command ran */
    public double requestsPerSecond() {
        double seconds = 0;
        for (Row row : rows) {
            seconds += 1 / row.requestsPerSecond();
        }
        return rows.size() / seconds;
    }

    /** The worst of the commands' p99, µs. */
    public double p99Micros() {
        return rows.stream().mapToDouble(Row::p99Micros).max().orElse(Double.NaN);
    }

    public static RedisBenchmarkCsv parse(String output) {
        List<Row> rows = new ArrayList<>();
        boolean header = false;
        for (String line : output.lines().toList()) {
            List<String> cells = cells(line);
            if (cells.size() >= 7 && cells.get(0).equals("test") && cells.get(1).equals("rps")) {
                header = true;
            } else if (header && cells.size() >= 7) {
                try {
                    rows.add(new Row(cells.get(0), Double.parseDouble(cells.get(1)),
                            Double.parseDouble(cells.get(4)) * 1000, Double.parseDouble(cells.get(6)) * 1000));
                } catch (NumberFormatException e) {
                    throw new ToolOutputException("redis-benchmark printed a row that is not numbers: " + line);
                }
            }
        }
        if (rows.isEmpty()) {
            throw new ToolOutputException("redis-benchmark printed no CSV rows: " + IperfJson.firstLine(output));
        }
        return new RedisBenchmarkCsv(rows);
    }

    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        for (String cell : line.split(",")) {
            String stripped = cell.strip();
            cells.add(stripped.length() >= 2 && stripped.startsWith("\"") && stripped.endsWith("\"")
                    ? stripped.substring(1, stripped.length() - 1) : stripped);
        }
        return cells;
    }
}
