package dev.weft.perf.tools;

import java.util.Locale;
import java.util.Map;

/**
 * A latency distribution as a tool prints it: microseconds by percentile (50, 99, 99.9; 100 for the maximum).
 *
 * @param micros latency in µs by percentile
 */
public record Percentiles(Map<Double, Double> micros) {

    public Percentiles {
        micros = Map.copyOf(micros);
    }

    /** @return the latency at {@code percentile}, µs; NaN when the tool did not print it */
    public double at(double percentile) {
        return micros.getOrDefault(percentile, Double.NaN);
    }

    /** Puts {@code p50_us}, {@code p99_us}, {@code p999_us} ... for each of {@code percentiles} into {@code figures}. */
    public void putInto(Map<String, Double> figures, double... percentiles) {
        for (double percentile : percentiles) {
            figures.put(key(percentile), at(percentile));
        }
    }

    /** The figure name of a percentile: {@code p50_us}, {@code p99_us}, {@code p999_us} for 99.9. */
    public static String key(double percentile) {
        return "p" + (percentile == Math.rint(percentile) ? Integer.toString((int) percentile)
                : String.format(Locale.ROOT, "%s", percentile).replace(".", "")) + "_us";
    }
}
