package dev.weft.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition that has no event to wait on (a counter, a health flag), up to a deadline. */
public final class Await {
    private Await() {
    }

    public static void until(BooleanSupplier condition, Duration timeout, Supplier<String> whatFailed)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not true within " + timeout + ": " + whatFailed.get());
            }
            Thread.sleep(5);
        }
    }
}
