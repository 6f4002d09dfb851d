package dev.weft.testkit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Records what Weft logs through System.Logger (backed by java.util.logging) under "weft". */
public final class LogCapture extends Handler implements AutoCloseable {
    /** JUL holds loggers weakly; this reference keeps the handler attached. */
    private static final Logger WEFT = Logger.getLogger("weft");

    private final List<String> lines = new CopyOnWriteArrayList<>();

    private LogCapture() {
    }

    public static LogCapture attach() {
        LogCapture capture = new LogCapture();
        WEFT.addHandler(capture);
        return capture;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        lines.add(record.getLevel() + " " + record.getMessage());
        notifyAll();
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public long count(Predicate<String> match) {
        return lines.stream().filter(match).count();
    }

    /** Waits until a line containing {@code text} has been logged and returns it. */
    public synchronized String await(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : lines) {
                if (line.contains(text)) {
                    return line;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        throw new AssertionError("no log line containing '" + text + "' within " + timeout + "; logged: " + lines);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        WEFT.removeHandler(this);
    }
}
