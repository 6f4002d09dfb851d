package dev.weft.cli;

import dev.weft.config.MetricsConfig;
import dev.weft.metrics.CountersFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code weft stat}: reads a running Weft's counters file, without disturbing it, and prints every counter and
 * gauge with, for counters, its rate per second over the interval, in the spirit of AeronStat. Runs until
 * interrupted, or for {@code --count} tables.
 */
final class StatCommand {
    private final PrintStream out;

    StatCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> options) {
        Path file = null;
        Duration interval = Duration.ofSeconds(1);
        long count = Long.MAX_VALUE;
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            String value = i + 1 < options.size() ? options.get(i + 1) : null;
            if (value == null) {
                throw new WeftCli.UsageException("missing value after " + option);
            }
            i++;
            switch (option) {
                case "--file" -> file = Path.of(value);
                case "--pid" -> file = MetricsConfig.defaultPath(number(option, value));
                case "--interval" -> interval = Duration.ofMillis(number(option, value.replaceAll("ms$|s$", ""))
                        * (value.endsWith("ms") ? 1 : 1000));
                case "--count" -> count = number(option, value);
                default -> throw new WeftCli.UsageException("unexpected argument '" + option + "'");
            }
        }
        if (file == null) {
            throw new WeftCli.UsageException("stat needs --pid P (the file at the default path) or --file FILE");
        }
        if (!Files.exists(file)) {
            out.println("weft stat: no counters file " + file + " (is Weft running with that pid?)");
            return 1;
        }
        try {
            CountersFile.Reader reader = CountersFile.read(file);
            Map<String, Long> previous = reader.values();
            long previousAt = System.nanoTime();
            for (long table = 0; table < count; table++) {
                Thread.sleep(interval);
                Map<String, Long> now = reader.values();
                long at = System.nanoTime();
                print(reader, previous, now, (at - previousAt) / 1e9);
                previous = now;
                previousAt = at;
            }
            return 0;
        } catch (IOException e) {
            out.println("weft stat: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private void print(CountersFile.Reader reader, Map<String, Long> previous, Map<String, Long> now,
                       double seconds) {
        Set<String> monotonic = reader.monotonic();
        int width = now.keySet().stream().mapToInt(String::length).max().orElse(10);
        out.printf("%n%s  weft pid %d, published %s%n", Instant.now(), reader.pid(),
                Instant.ofEpochMilli(reader.publishedAt()));
        out.printf("%-" + width + "s %20s %14s%n", "counter", "value", "per second");
        now.forEach((label, value) -> {
            Long before = previous.get(label);
            String rate = monotonic.contains(label) && before != null
                    ? String.format("%.1f", (value - before) / seconds) : "";
            out.printf("%-" + width + "s %20d %14s%n", label, value, rate);
        });
    }

    private static long number(String option, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new WeftCli.UsageException(option + " takes a number, not '" + text + "'");
        }
    }
}
