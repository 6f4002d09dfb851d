package dev.weft.perf;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/** Runs one task per connection on virtual threads and collects their results, failing on the first failure. */
final class Workers {
    private Workers() {
    }

    interface Task<T> {
        T run(int index) throws Exception;
    }

    /** One worker of a timed run: it stops at {@code deadline} and counts its progress in {@code counter}. */
    interface TimedTask<T> {
        T run(int index, long start, long deadline, LongAdder counter) throws Exception;
    }

    /** What a timed run's workers returned, and how long the run took from start to the last worker's end. */
    record Timed<T>(List<T> results, double seconds) {
    }

    /**
     * Runs {@code count} workers for {@code duration} with a progress line showing the counter's rate, scaled by
     * {@code scale} and labelled with {@code unit}.
     */
    static <T> Timed<T> timed(PrintStream progressOut, String label, String unit, double scale, int count,
                              Duration duration, TimedTask<T> task) throws Exception {
        LongAdder counter = new LongAdder();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<T> results;
        try (Progress ignored = new Progress(progressOut, label, counter, unit, scale)) {
            results = run(count, index -> task.run(index, start, deadline, counter));
        }
        return new Timed<>(results, (System.nanoTime() - start) / 1e9);
    }

    static <T> List<T> run(int count, Task<T> task) throws Exception {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(executor.submit((Callable<T>) () -> task.run(index)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    executor.shutdownNow();
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            return results;
        }
    }
}
