package dev.weft.listener;

import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * What an accept loop does when accept fails for a reason that will pass, above all EMFILE: the connection stays
 * in the kernel backlog, so retrying at once would spin a core at 100% without ever succeeding. It sleeps, doubling
 * the pause up to a second while failures follow each other, and logs once per episode instead of once per attempt.
 * An episode ends only after {@link #QUIET} without a failure: near the fd limit, accepts succeed and fail by turns,
 * and that must not become a log line per connection.
 */
final class AcceptBackoff {
    static final Duration FIRST_PAUSE = Duration.ofMillis(5);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(1);
    static final Duration QUIET = Duration.ofSeconds(5);
    private static final System.Logger LOG = System.getLogger("weft.listener");

    /** How the loop pauses; a test records the pauses instead of taking them. */
    interface Sleeper {
        void sleep(Duration pause) throws InterruptedException;
    }

    private final String listener;
    private final Sleeper sleeper;
    private final LongSupplier clock;
    private int failures;
    private long lastFailure;
    private Duration pause = FIRST_PAUSE;

    /** @param clock nanoseconds, as {@link System#nanoTime()} */
    AcceptBackoff(String listener, Sleeper sleeper, LongSupplier clock) {
        this.listener = listener;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    void failed(IOException error) throws InterruptedException {
        lastFailure = clock.getAsLong();
        if (failures++ == 0) {
            LOG.log(System.Logger.Level.WARNING, "listener '" + listener + "': accept failed: " + error.getMessage()
                    + "; backing off up to " + LONGEST_PAUSE.toMillis() + " ms between attempts until it recovers"
                    + " (raise the fd limit with ulimit -n or LimitNOFILE if this is EMFILE)");
        }
        sleeper.sleep(pause);
        pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
    }

    void succeeded() {
        if (failures == 0) {
            return;
        }
        pause = FIRST_PAUSE;
        if (clock.getAsLong() - lastFailure >= QUIET.toNanos()) {
            LOG.log(System.Logger.Level.INFO, "listener '" + listener + "': accepting again after " + failures
                    + " failed attempt(s)");
            failures = 0;
        }
    }
}
