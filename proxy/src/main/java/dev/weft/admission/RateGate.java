package dev.weft.admission;

import dev.weft.config.RateLimit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket kept as one number, the theoretical arrival time of the generic cell rate algorithm (GCRA): a
 * request is let through if the bucket's time is at most {@code burst} intervals ahead of now, and then moves it
 * one interval on. Lock-free: one compare-and-set per request, whichever thread asks.
 */
final class RateGate {
    private final long interval;
    private final long tolerance;
    private final AtomicLong due = new AtomicLong(Long.MIN_VALUE / 2);

    RateGate(RateLimit limit) {
        this.interval = interval(limit);
        this.tolerance = tolerance(limit);
    }

    /** @param now as {@link System#nanoTime()} */
    boolean tryPass(long now) {
        while (true) {
            long current = due.get();
            long next = passing(current, now, interval, tolerance);
            if (next == REFUSED) {
                return false;
            }
            if (due.compareAndSet(current, next)) {
                return true;
            }
        }
    }

    static final long REFUSED = Long.MIN_VALUE;

    static long interval(RateLimit limit) {
        return (long) Math.max(1, 1e9 / limit.perSecond());
    }

    static long tolerance(RateLimit limit) {
        return interval(limit) * (limit.burst() - 1L);
    }

    /** A bucket's next time if a request at {@code now} passes, else {@link #REFUSED}; for one-owner buckets too. */
    static long passing(long due, long now, long interval, long tolerance) {
        long start = Math.max(due, now);
        return start - now > tolerance ? REFUSED : start + interval;
    }
}
