package dev.weft.log;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One kind of warning that a flood could repeat per connection (a full fd table refusing every client, a backend
 * with no healthy endpoint): the first is logged, then at most one per {@link #interval} window, each saying how
 * many like it were held back since the last. Lock-free; the counting costs one atomic add per held-back warning.
 */
public final class RateLimitedLog {
    /** How often a kind of warning may be logged. */
    public static final long INTERVAL_NANOS = 10_000_000_000L;

    private final System.Logger log;
    private final System.Logger.Level level;
    private final long interval;
    private final LongSupplier clock;
    private final AtomicLong nextAllowed;
    private final LongAdder held = new LongAdder();

    public RateLimitedLog(System.Logger log, System.Logger.Level level) {
        this(log, level, INTERVAL_NANOS, System::nanoTime);
    }

    /** @param clock nanoseconds, as {@link System#nanoTime()} */
    RateLimitedLog(System.Logger log, System.Logger.Level level, long interval, LongSupplier clock) {
        this.log = log;
        this.level = level;
        this.interval = interval;
        this.clock = clock;
        this.nextAllowed = new AtomicLong(clock.getAsLong());
    }

    /** Logs the message, or counts it, unbuilt, if one of its kind was logged within the interval. */
    public void log(Supplier<String> message) {
        long now = clock.getAsLong();
        long allowed = nextAllowed.get();
        if (now - allowed < 0 || !nextAllowed.compareAndSet(allowed, now + interval)) {
            held.increment();
            return;
        }
        long before = held.sumThenReset();
        log.log(level, before == 0 ? message.get()
                : message.get() + " (and " + before + " more like it in the last " + interval / 1_000_000_000L + " s)");
    }
}
