package dev.weft.listener;

import java.util.concurrent.Semaphore;

/** A semaphore whose number of permits a reload can change: more at once, fewer as permits come back. */
final class ResizableSemaphore extends Semaphore {
    ResizableSemaphore(int permits) {
        super(permits);
    }

    /** Adds {@code delta} permits, or takes {@code -delta} away (the count may go negative until enough return). */
    void resize(int delta) {
        if (delta > 0) {
            release(delta);
        } else if (delta < 0) {
            reducePermits(-delta);
        }
    }
}
