package dev.weft.metrics;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Copies every sample into the counters file at a fixed interval, on one platform thread: the hot path only adds
 * to its own in-memory counters, and this single writer is the only one that touches the file.
 */
public final class CountersPublisher implements AutoCloseable {
    private final CountersFile file;
    private final Thread thread;
    private volatile boolean running = true;

    public CountersPublisher(CountersFile file, Supplier<List<Sample>> samples, Duration interval) {
        this.file = file;
        this.thread = Thread.ofPlatform().daemon().name("weft-counters").start(() -> {
            try {
                while (running) {
                    file.publish(samples.get());
                    Thread.sleep(interval);
                }
            } catch (InterruptedException e) {
                // close() was called.
            }
        });
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        file.close();
    }
}
