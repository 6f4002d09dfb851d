package dev.weft.perf;

import dev.weft.perf.tools.Percentiles;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What one run of one scenario against one target measured: named figures in report order, and the latency
 * histogram (nanoseconds) where the scenario records one.
 */
record ScenarioResult(String scenario, String target, Map<String, Double> figures, Histogram latency) {

    static final double[] PERCENTILES = {50, 90, 99, 99.9};

    ScenarioResult {
        figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }

    /** Adds p50, p90, p99, p99.9 and max of {@code latency} in microseconds. */
    static void putPercentiles(Map<String, Double> figures, Histogram latency) {
        for (double percentile : PERCENTILES) {
            figures.put(Percentiles.key(percentile), micros(latency.getValueAtPercentile(percentile)));
        }
        figures.put("max_us", micros(latency.getMaxValue()));
    }

    static double micros(long nanos) {
        return nanos / (double) TimeUnit.MICROSECONDS.toNanos(1);
    }

    static Histogram newHistogram() {
        return new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    }
}
