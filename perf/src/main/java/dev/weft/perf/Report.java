package dev.weft.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a comparison's {@code report.md}. The table has one row per figure and one column per target (the median
 * over the rounds), then, for every Weft target, its ratio to HAProxy (without splice) and to the best peer,
 * each the median of the ratios taken round by round, with their lowest and highest.
 */
final class Report {
    static final String BASELINE = "haproxy";
    static final List<String> PEERS = List.of("haproxy", "haproxy-splice", "nginx");
    static final String CPU = "cpu_us_per_op";
    static final String SYSCALLS = "syscalls_per_op";

    /**
     * A figure the report shows.
     *
     * @param scale what the stored value is multiplied by for display (µs per GB shown as ms: 0.001)
     */
    record Row(String scenario, String figure, String label, boolean higherIsBetter, double scale) {
        Row(String scenario, String figure, String label, boolean higherIsBetter) {
            this(scenario, figure, label, higherIsBetter, 1);
        }
    }

    static final List<Row> ROWS = rows();

    private static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (String bulk : List.of("bulk-up-1", "bulk-down-1", "bulk-up-8", "bulk-down-8", "tls-bulk")) {
            String title = switch (bulk) {
                case "bulk-up-1" -> "bulk, 1 stream, upload (iperf3)";
                case "bulk-down-1" -> "bulk, 1 stream, download (iperf3 -R)";
                case "bulk-up-8" -> "bulk, 8 streams, upload (iperf3 -P 8)";
                case "bulk-down-8" -> "bulk, 8 streams, download (iperf3 -P 8 -R)";
                default -> "TLS bulk, 1 stream (iperf3 through socat TLS)";
            };
            rows.add(new Row(bulk, "gbps", title + ", Gbit/s", true));
            rows.add(new Row(bulk, CPU, title + ", proxy CPU ms per GB", false, 0.001));
            rows.add(new Row(bulk, SYSCALLS, title + ", system calls per GB", false));
        }
        rows.add(new Row("rr", "round_trips_per_s", "64 B ping-pong (sockperf), round trips/s", true));
        for (String p : List.of("p50", "p99", "p999")) {
            rows.add(new Row("rr", p + "_us", "64 B ping-pong, " + label(p) + " µs", false));
        }
        for (String p : List.of("p50", "p99", "p999")) {
            rows.add(new Row("rr", "added_" + p + "_us", "64 B ping-pong, added " + label(p) + " over direct µs",
                    false));
        }
        rows.add(new Row("rr", CPU, "64 B ping-pong, proxy CPU µs per round trip", false));
        rows.add(new Row("rr", SYSCALLS, "64 B ping-pong, system calls per round trip", false));
        for (String p : List.of("p50", "p99", "p999")) {
            rows.add(new Row("rr-open", p + "_us", "64 B open loop (sockperf under-load), " + label(p) + " µs",
                    false));
        }
        rows.add(new Row("rr-open", "added_p99_us", "64 B open loop, added p99 over direct µs", false));
        rows.add(new Row("rr-open", CPU, "64 B open loop, proxy CPU µs per round trip", false));
        rows.add(new Row("http-keepalive", "requests_per_s", "HTTP keep-alive (wrk), requests/s", true));
        rows.add(new Row("http-keepalive", "p99_us", "HTTP keep-alive, p99 µs", false));
        rows.add(new Row("http-keepalive", CPU, "HTTP keep-alive, proxy CPU µs per request", false));
        rows.add(new Row("http-keepalive", SYSCALLS, "HTTP keep-alive, system calls per request", false));
        rows.add(new Row("http-close", "requests_per_s", "new connections (wrk, Connection: close), /s", true));
        rows.add(new Row("http-close", "p99_us", "new connections, p99 µs", false));
        rows.add(new Row("http-close", CPU, "new connections, proxy CPU µs per connection", false));
        rows.add(new Row("http-close", SYSCALLS, "new connections, system calls per connection", false));
        rows.add(new Row("redis", "requests_per_s", "redis-benchmark SET+GET, requests/s", true));
        rows.add(new Row("redis", "p99_us", "redis-benchmark, worst p99 µs", false));
        rows.add(new Row("redis", CPU, "redis-benchmark, proxy CPU µs per request", false));
        rows.add(new Row("redis", SYSCALLS, "redis-benchmark, system calls per request", false));
        for (String tls : List.of("tls-new-ec", "tls-new-rsa", "tls-resume")) {
            String title = switch (tls) {
                case "tls-new-ec" -> "TLS full handshakes, ECDSA P-256 (s_time -new)";
                case "tls-new-rsa" -> "TLS full handshakes, RSA 2048 (s_time -new)";
                default -> "TLS resumed handshakes (s_time -reuse)";
            };
            rows.add(new Row(tls, "handshakes_per_s", title + ", /s", true));
            rows.add(new Row(tls, CPU, title + ", proxy CPU µs per handshake", false));
            rows.add(new Row(tls, SYSCALLS, title + ", system calls per handshake", false));
        }
        rows.add(new Row("tls-resume", "resumed_fraction", "TLS resumed handshakes, share actually resumed", true));
        rows.add(new Row(Scenarios.IDLE, "rss_per_connection_kib", "idle proxied connection, RSS KiB", false));
        rows.add(new Row(Scenarios.IDLE_TLS, "rss_per_connection_kib", "idle TLS-terminated connection, RSS KiB",
                false));
        return List.copyOf(rows);
    }

    private static String label(String percentile) {
        return percentile.equals("p999") ? "p99.9" : percentile;
    }

    private Report() {
    }

    /**
     * @param targets target names in column order
     * @param context what ran where: date, commit, command, machine, versions, plan
     * @param notes   what was skipped, and why
     */
    static void write(Path dir, Rounds rounds, List<String> targets, Map<String, String> context, List<String> notes,
                      List<String> charts) throws IOException {
        StringBuilder md = new StringBuilder("# Weft performance comparison\n\n");
        context.forEach((key, value) -> md.append("- **").append(key).append(":** ").append(value).append('\n'));
        for (String note : notes) {
            md.append("- **note:** ").append(note).append('\n');
        }
        List<String> wefts = targets.stream().filter(t -> t.startsWith("weft")).toList();
        List<String> peers = PEERS.stream().filter(targets::contains).toList();
        md.append("\nEach target column is the median over ").append(rounds.count()).append(" interleaved round(s)")
                .append(" (targets take turns, scenario by scenario). Each ratio is taken within each round and")
                .append(" shown as the median with the lowest and highest round in brackets; the best peer is the")
                .append(" best of ").append(String.join(", ", peers.isEmpty() ? PEERS : peers))
                .append(" in that round. For a ↓ figure a ratio under 1 means Weft is better. Proxy CPU is user+sys")
                .append(" from /proc/PID/stat over the measured run; system calls come from a separate, shorter")
                .append(" pass under `strace -c -f` (one pass, so no spread).\n\n");
        md.append("| figure | ").append(String.join(" | ", targets));
        for (String weft : wefts) {
            md.append(" | ").append(weft).append(" ÷ ").append(BASELINE).append(" | ").append(weft)
                    .append(" ÷ best peer");
        }
        md.append(" |\n|---|").append("---:|".repeat(targets.size() + 2 * wefts.size())).append('\n');
        for (Row row : ROWS) {
            if (targets.stream().noneMatch(t -> rounds.spread(row.scenario(), t, row.figure()).present())) {
                continue;
            }
            md.append("| ").append(row.label()).append(row.higherIsBetter() ? " ↑" : " ↓");
            for (String target : targets) {
                md.append(" | ").append(format(rounds.spread(row.scenario(), target, row.figure()).median()
                        * row.scale()));
            }
            for (String weft : wefts) {
                md.append(" | ").append(ratio(rounds.ratio(row.scenario(), weft, row.figure(), List.of(BASELINE),
                        row.higherIsBetter())));
                md.append(" | ").append(ratio(rounds.ratio(row.scenario(), weft, row.figure(), peers,
                        row.higherIsBetter())));
            }
            md.append(" |\n");
        }
        md.append("\n↑ more is better, ↓ less is better.\n");
        syscallBreakdown(md, rounds, targets);
        for (String chart : charts) {
            md.append("\n![").append(chart).append("](").append(chart).append(")\n");
        }
        integrity(md, rounds, targets);
        byHand(md, rounds);
        md.append("\nEvery figure of every round, and every ratio: `results.json`.\n");
        Files.writeString(dir.resolve("report.md"), md);
    }

    /** The system calls behind the per-request figures: the six commonest per target, per operation. */
    private static void syscallBreakdown(StringBuilder md, Rounds rounds, List<String> targets) {
        for (String scenario : List.of("http-keepalive", "http-close", "rr")) {
            Map<String, Map<String, Double>> byTarget = new LinkedHashMap<>();
            for (String target : targets) {
                Map<String, Double> once = rounds.once().getOrDefault(scenario, Map.of()).get(target);
                if (once != null) {
                    Map<String, Double> calls = new LinkedHashMap<>();
                    once.entrySet().stream().filter(e -> e.getKey().startsWith("sys_"))
                            .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())).limit(6)
                            .forEach(e -> calls.put(e.getKey().substring(4), e.getValue()));
                    byTarget.put(target, calls);
                }
            }
            if (byTarget.isEmpty()) {
                continue;
            }
            md.append("\nSystem calls per operation in `").append(scenario).append("` (strace -c -f), the six")
                    .append(" commonest; `!N` is how many of them failed (EAGAIN included):\n\n| target | calls |\n")
                    .append("|---|---|\n");
            byTarget.forEach((target, calls) -> {
                Map<String, Double> once = rounds.once().get(scenario).get(target);
                StringBuilder cell = new StringBuilder();
                calls.forEach((name, perOp) -> {
                    Double failed = once.get("err_" + name);
                    cell.append(cell.isEmpty() ? "" : ", ").append(name).append(' ').append(format(perOp));
                    if (failed != null && failed > 0) {
                        cell.append(" (!").append(format(failed)).append(')');
                    }
                });
                md.append("| ").append(target).append(" | ").append(cell).append(" |\n");
            });
        }
    }

    private static void integrity(StringBuilder md, Rounds rounds, List<String> targets) {
        List<String> checked = new ArrayList<>();
        for (String target : targets) {
            Spread bytes = rounds.spread(Scenarios.INTEGRITY, target, "bytes");
            if (bytes.present()) {
                checked.add(target + " " + format(bytes.median() / 1e9) + " GB");
            }
        }
        if (!checked.isEmpty()) {
            md.append("\nIntegrity (Weft's Java generator, streaming both ways through an echo and checking every")
                    .append(" byte against a known pattern): intact through ").append(String.join(", ", checked))
                    .append(".\n");
        }
    }

    private static void byHand(StringBuilder md, Rounds rounds) {
        if (rounds.commands().isEmpty()) {
            return;
        }
        md.append("\nThe commands, to rerun by hand (ports are this run's):\n\n```sh\n");
        rounds.commands().forEach((what, command) -> md.append("# ").append(what).append('\n')
                .append(shell(command)).append('\n'));
        md.append("```\n");
    }

    static String shell(List<String> command) {
        StringBuilder line = new StringBuilder();
        for (String word : command) {
            line.append(line.isEmpty() ? "" : " ").append(word.matches("[A-Za-z0-9_./:=,@&+-]+") ? word
                    : "'" + word.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }

    static String ratio(Spread spread) {
        if (!spread.present()) {
            return "n/a";
        }
        if (spread.rounds() == 1) {
            return String.format(Locale.ROOT, "%.2f×", spread.median());
        }
        return String.format(Locale.ROOT, "%.2f× (%.2f–%.2f)", spread.median(), spread.min(), spread.max());
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
}
