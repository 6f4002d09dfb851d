package dev.weft.perf;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/** One line on stderr, rewritten each second while a scenario runs: elapsed time and the current rate. */
final class Progress implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;

    Progress(PrintStream out, String label, LongAdder counter, String unit, double scale) {
        long start = System.nanoTime();
        thread = Thread.ofVirtual().name("perf-progress").start(() -> {
            long last = 0;
            long lastTime = start;
            while (running) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                long count = counter.sum();
                double rate = (count - last) * scale / ((now - lastTime) / 1e9);
                out.printf(Locale.ROOT, "\r%s  %5.1f s  %,14.2f %s   ", label, (now - start) / 1e9, rate, unit);
                out.flush();
                last = count;
                lastTime = now;
            }
        });
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
