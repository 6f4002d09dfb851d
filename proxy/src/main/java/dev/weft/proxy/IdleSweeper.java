package dev.weft.proxy;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * One platform thread that closes idle sessions. Instead of a timer per session (a shared, locked queue touched on
 * every connect), it walks the live sessions every {@code period} and asks each whether it has been idle too long;
 * the pumps only write their own activity timestamps. A session is closed at most one period after its idle
 * timeout. Rest ({@code io.rest-after}) is looked for more often, but only among the sessions that are awake, so
 * that ten thousand resting connections cost a sweep a second, not eight.
 */
public final class IdleSweeper implements AutoCloseable {
    private static final Duration SHORTEST_PERIOD = Duration.ofMillis(10);
    private static final Duration LONGEST_PERIOD = Duration.ofSeconds(1);

    private final Thread thread;
    private volatile Duration period = LONGEST_PERIOD;
    /** {@code io.rest-after} in nanoseconds: quiet connections give their pump threads up; 0 for never. */
    private volatile long restAfterNanos;
    private volatile boolean running = true;

    /**
     * @param sessions the live-session sets of every listener, asked for anew at each sweep, read without locking
     * @param awake    of those, the sets of sessions not resting on both sides
     */
    public IdleSweeper(Supplier<List<Collection<ProxySession>>> sessions,
                       Supplier<List<Collection<ProxySession>>> awake) {
        this.thread = Thread.ofPlatform().daemon().name("weft-idle-sweeper").unstarted(() -> sweep(sessions, awake));
    }

    /** A quarter of the shortest idle timeout, between 10 ms and 1 s. */
    public static Duration periodFor(Duration shortestIdleTimeout) {
        Duration quarter = shortestIdleTimeout.dividedBy(4);
        return quarter.compareTo(SHORTEST_PERIOD) < 0 ? SHORTEST_PERIOD
                : quarter.compareTo(LONGEST_PERIOD) > 0 ? LONGEST_PERIOD : quarter;
    }

    /** From now on, sessions quiet for {@code after} are asked to rest (zero: never). */
    public void restAfter(Duration after) {
        restAfterNanos = after.toNanos();
    }

    /** Sweeps every {@code next} from now on (a reload may bring shorter timeouts). */
    public void period(Duration next) {
        period = next;
    }

    public void start() {
        thread.start();
    }

    /**
     * A full sweep every {@code period}, which judges every session's limits and lets quiet ones rest; between
     * them, every half {@code io.rest-after}, the same for the awake sessions only, since a connection resting on
     * both sides has nothing to be asked until its next byte, and its limits wait for the next full sweep.
     */
    private void sweep(Supplier<List<Collection<ProxySession>>> sessions,
                       Supplier<List<Collection<ProxySession>>> awake) {
        long sinceFull = 0;
        try {
            while (running) {
                long full = period.toNanos();
                long restAfter = restAfterNanos;
                long tick = restAfter == 0 ? full : Math.min(full, Math.max(SHORTEST_PERIOD.toNanos(), restAfter / 2));
                Thread.sleep(Duration.ofNanos(tick));
                long now = System.nanoTime();
                sinceFull += tick;
                if (sinceFull >= full) {
                    sinceFull = 0;
                    for (Collection<ProxySession> live : sessions.get()) {
                        for (ProxySession session : live) {
                            session.closeIfIdle(now, restAfter);
                        }
                    }
                } else {
                    for (Collection<ProxySession> stirring : awake.get()) {
                        for (ProxySession session : stirring) {
                            session.closeIfIdle(now, restAfter);
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            // close() was called.
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
