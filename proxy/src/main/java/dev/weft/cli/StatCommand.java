package dev.weft.cli;

import dev.weft.config.MetricsConfig;
import dev.weft.metrics.CountersFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code weft stat}: reads a running Weft's counters file, without disturbing it, and prints every counter and
 * gauge with, for counters, its rate per second, in the spirit of AeronStat. Rates are taken between two
 * publications, by the publication times the file records, so a reader out of step with the publisher never
 * shows a false 0. Runs until interrupted, or for {@code --count} tables.
 */
final class StatCommand implements Command {
    @Override
    public String name() {
        return "stat";
    }

    @Override
    public String summary() {
        return "live counters of a running Weft, with rates per second";
    }

    @Override
    public String help() {
        return """
                Usage: weft stat (--pid P | --file FILE) [--interval 1s] [--count N] [--all]
                  --pid P          the Weft with process id P, whose counters file is at the default path
                  --file FILE      the counters file at FILE (metrics.counters-file)
                  --interval T     time between tables, as 500ms or 2s (default 1s); rates are per second
                  --count N        print N tables, then exit (default: until interrupted)
                  --all            every counter and gauge, instead of the view of listeners and endpoints
                """;
    }

    @Override
    public int run(List<String> args, Console console) {
        CliOptions options = CliOptions.parse(args, Set.of("--pid", "--file", "--interval", "--count"),
                Set.of("--all")).noWords();
        boolean all = options.flag("--all");
        Path file = options.path("--file");
        if (options.get("--pid") != null) {
            file = MetricsConfig.defaultPath(options.number("--pid", 0));
        }
        if (file == null) {
            throw new UsageException("stat needs --pid P (the file at the default path) or --file FILE");
        }
        Duration interval = interval(options.get("--interval"));
        long count = options.number("--count", Long.MAX_VALUE);
        PrintStream out = console.out();
        if (!Files.exists(file)) {
            console.err().println("weft stat: no counters file " + file + " (is Weft running with that pid?)");
            return FAILED;
        }
        try {
            CountersFile.Reader reader = CountersFile.read(file);
            Map<String, Long> previous = reader.values();
            long previousAt = reader.publishedAt();
            Map<String, String> rates = Map.of();
            for (long table = 0; table < count; table++) {
                Thread.sleep(interval);
                long at = reader.publishedAt();
                Map<String, Long> now = reader.values();
                if (at != previousAt) {
                    rates = rates(reader.monotonic(), previous, now, (at - previousAt) / 1e3);
                    previous = now;
                    previousAt = at;
                }
                print(out, reader, now, rates, all);
            }
            return OK;
        } catch (IOException e) {
            console.err().println("weft stat: " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OK;
        }
    }

    private static Duration interval(String text) {
        if (text == null) {
            return Duration.ofSeconds(1);
        }
        try {
            Duration interval = text.endsWith("ms") ? Duration.ofMillis(Long.parseLong(text.substring(0,
                    text.length() - 2))) : Duration.ofSeconds(Long.parseLong(text.replaceAll("s$", "")));
            if (interval.toMillis() >= 100) {
                return interval;
            }
        } catch (NumberFormatException e) {
            // Said below.
        }
        throw new UsageException("--interval takes a time of at least 100ms, such as 500ms or 2s, not '" + text
                + "'");
    }

    /** Per second between two publications {@code seconds} apart, for the counters (not the gauges). */
    private static Map<String, String> rates(Set<String> monotonic, Map<String, Long> before, Map<String, Long> now,
                                             double seconds) {
        Map<String, String> rates = new HashMap<>();
        now.forEach((label, value) -> {
            Long was = before.get(label);
            if (monotonic.contains(label) && was != null && seconds > 0) {
                rates.put(label, String.format("%.1f", (value - was) / seconds));
            }
        });
        return rates;
    }

    private static void print(PrintStream out, CountersFile.Reader reader, Map<String, Long> now,
                              Map<String, String> rates, boolean all) {
        out.printf("%n%s  weft pid %d, published %s%n", Instant.now(), reader.pid(),
                Instant.ofEpochMilli(reader.publishedAt()));
        if (!all) {
            StatTop.print(out, now, rates);
            return;
        }
        int width = now.keySet().stream().mapToInt(String::length).max().orElse(10);
        out.printf("%-" + width + "s %20s %14s%n", "counter", "value", "per second");
        now.forEach((label, value) -> out.printf("%-" + width + "s %20d %14s%n", label, value,
                rates.getOrDefault(label, "")));
    }
}
