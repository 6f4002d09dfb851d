package dev.weft.linux;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A native file descriptor and its state, kept in one word changed only by compare-and-set:
 * <pre>
 *  31                                 3   2        1           0
 * +------------------------------------+--------+------------+-----------+
 * | calls in flight (acquire..release) | CLOSED | OUTPUT_SHUT| INPUT_SHUT|
 * +------------------------------------+--------+------------+-----------+
 * </pre>
 * The OS reuses fd numbers at once, so the number must stay ours until no call can still use it: every call on
 * the fd runs between {@link #acquire()} and {@link #release()}, and {@link #close(Runnable)} releases the number
 * only when no call is in flight, or else the last call to finish does. Either way it happens exactly once, after
 * the caller's {@code beforeRelease} (epoll deregistration, waking waiters) has run.
 */
public final class FileDescriptor {
    private static final int INPUT_SHUT = 1;
    private static final int OUTPUT_SHUT = 1 << 1;
    private static final int CLOSED = 1 << 2;
    private static final int ONE_CALL = 1 << 3;

    private final int fd;
    private final AtomicInteger state = new AtomicInteger();
    /** Set by whoever releases the number, so that it is released once even if close and release race. */
    private final AtomicInteger released = new AtomicInteger();

    public FileDescriptor(int fd) {
        this.fd = fd;
    }

    public int fd() {
        return fd;
    }

    public boolean isOpen() {
        return (state.get() & CLOSED) == 0;
    }

    public boolean isInputShut() {
        return (state.get() & (INPUT_SHUT | CLOSED)) != 0;
    }

    public boolean isOutputShut() {
        return (state.get() & (OUTPUT_SHUT | CLOSED)) != 0;
    }

    /** Marks output shut; true only for the caller that changed the state, who then calls shutdown(2). */
    public boolean markOutputShut() {
        return mark(OUTPUT_SHUT);
    }

    /** Marks input shut; true only for the caller that changed the state. */
    public boolean markInputShut() {
        return mark(INPUT_SHUT);
    }

    /** Before a call on the fd: false once closed, and then the call must not be made. */
    public boolean acquire() {
        while (true) {
            int current = state.get();
            if ((current & CLOSED) != 0) {
                return false;
            }
            if (state.compareAndSet(current, current + ONE_CALL)) {
                return true;
            }
        }
    }

    /** After a call on the fd; the last call after a close releases the number. */
    public void release() {
        int now = state.addAndGet(-ONE_CALL);
        if ((now & CLOSED) != 0 && now >>> 3 == 0) {
            releaseNumber();
        }
    }

    /**
     * Closes once. {@code beforeRelease} runs first, and only for the one caller that wins; every other call
     * returns false and touches nothing.
     */
    public boolean close(Runnable beforeRelease) {
        if (!mark(CLOSED)) {
            return false;
        }
        beforeRelease.run();
        if (state.get() >>> 3 == 0) {
            releaseNumber();
        }
        return true;
    }

    private void releaseNumber() {
        if (released.compareAndSet(0, 1)) {
            Syscalls.closeQuietly(fd);
        }
    }

    private boolean mark(int bit) {
        while (true) {
            int current = state.get();
            if ((current & (bit | CLOSED)) != 0) {
                return false;
            }
            if (state.compareAndSet(current, current | bit)) {
                return true;
            }
        }
    }

    @Override
    public String toString() {
        return "fd " + fd;
    }
}
