package dev.weft.metrics;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Durations (a backend connect, a TLS handshake) for a Prometheus histogram. Writers record into an HdrHistogram
 * {@link Recorder}, which takes no lock on the recording side; the reader folds each interval into a running
 * total when {@code /metrics} asks, and reads cumulative bucket counts from it.
 */
public final class LatencyHistogram {
    /** Bucket bounds in seconds, from 100 µs to 10 s. */
    public static final double[] BOUNDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
            0.25, 0.5, 1, 2.5, 5, 10};

    private final Recorder recorder = new Recorder(3);
    private final LongAdder sumNanos = new LongAdder();
    private final Histogram total = new Histogram(3);
    private Histogram interval;

    public void record(long nanos) {
        recorder.recordValue(Math.max(1, nanos));
        sumNanos.add(nanos);
    }

    /** A consistent view: the count at or under each of {@link #BOUNDS}, the total count, and the sum in seconds. */
    public synchronized Snapshot snapshot() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        long[] cumulative = new long[BOUNDS.length];
        for (int i = 0; i < BOUNDS.length; i++) {
            cumulative[i] = total.getCountBetweenValues(0, (long) (BOUNDS[i] * 1e9));
        }
        return new Snapshot(cumulative, total.getTotalCount(), sumNanos.sum() / 1e9);
    }

    public record Snapshot(long[] cumulative, long count, double sumSeconds) {
    }
}
