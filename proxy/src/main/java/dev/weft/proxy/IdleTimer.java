package dev.weft.proxy;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One platform thread that runs every session's idle check. A session arms one check per idle period rather than
 * one per byte, so the shared queue is touched rarely; the pumps only write their own activity timestamps.
 */
public final class IdleTimer implements AutoCloseable {
    private final ScheduledThreadPoolExecutor executor;

    public IdleTimer() {
        executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "weft-idle-timer");
            thread.setDaemon(true);
            return thread;
        });
        // A cancelled check is dropped at once, so closed sessions are not kept reachable until their deadline.
        executor.setRemoveOnCancelPolicy(true);
    }

    ScheduledFuture<?> schedule(Runnable check, long delayNanos) {
        return executor.schedule(check, delayNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
