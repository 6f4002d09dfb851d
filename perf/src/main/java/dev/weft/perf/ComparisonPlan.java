package dev.weft.perf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a comparison runs: {@code --quick} and the full run differ only in these numbers.
 *
 * @param syscallDuration how long each scenario runs under strace; zero skips the pass
 */
record ComparisonPlan(List<String> scenarios, List<String> targets, int rounds, Duration duration,
                      int idleConnections, int openLoopRate, CpuPlan cpus, Duration syscallDuration) {
    static final List<String> DEFAULT_TARGETS = List.of("direct", "weft-native-splice", "haproxy", "haproxy-splice",
            "nginx");
    /** Also runnable: Weft's other transports, Weft without its counters file, and with an access log too. */
    static final List<String> EXTRA_TARGETS = List.of("weft-native-copy", "weft-jdk", "weft-bare", "weft-logged");

    static ComparisonPlan of(Options options) {
        boolean quick = options.flag("quick");
        int cores = Runtime.getRuntime().availableProcessors();
        Duration duration = options.duration("duration", quick ? Duration.ofSeconds(1) : Duration.ofSeconds(3));
        return new ComparisonPlan(
                list(options.string("scenarios", null), Scenarios.names(), List.of(), "scenario"),
                list(options.string("targets", null), DEFAULT_TARGETS, EXTRA_TARGETS, "target"),
                options.integer("rounds", quick ? 1 : 5, 1, 99),
                duration,
                options.integer("idle-connections", quick ? 1000 : 5000, 1, 100_000),
                options.integer("rate", 10_000, 1, 10_000_000),
                new CpuPlan(options.integer("threads", CpuPlan.defaultThreads(cores), 1, 1024), options.flag("pin"),
                        cores),
                options.flag("no-syscalls") ? Duration.ZERO
                        : options.duration("syscall-duration", quick ? Duration.ofSeconds(1) : Duration.ofSeconds(2)));
    }

    private static List<String> list(String text, List<String> defaults, List<String> extra, String what) {
        if (text == null) {
            return defaults;
        }
        List<String> valid = new ArrayList<>(defaults);
        valid.addAll(extra);
        List<String> chosen = new ArrayList<>();
        for (String item : text.split(",")) {
            String name = item.strip();
            if (!valid.contains(name)) {
                throw new UsageException("unknown " + what + " '" + name + "'; choose from " + String.join(", ", valid));
            }
            chosen.add(name);
        }
        return chosen;
    }

    String describe() {
        return rounds + " round(s) of " + String.join(", ", scenarios) + "; " + duration.toMillis() + " ms per run;"
                + " rr-open at " + openLoopRate + " messages/s; idle (measured first, on freshly started targets): "
                + idleConnections / 5 + " warm-up connections, then RSS growth over " + idleConnections + " more;"
                + " then every target is started afresh and warmed by one unmeasured run of each scenario, and"
                + " integrity is checked once per target, before the rounds; system calls: "
                + (syscallDuration.isZero() ? "not measured" : "one pass of " + syscallDuration.toMillis()
                + " ms per scenario and target under strace, after the rounds");
    }
}
