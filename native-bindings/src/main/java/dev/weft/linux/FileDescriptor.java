package dev.weft.linux;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A native file descriptor and its state: open, input shut, output shut, closed. The state changes only by
 * compare-and-set, so whichever thread closes first closes the fd exactly once; the OS reuses fd numbers at once,
 * and a second close could hit another connection's socket. A caller that registered the fd with epoll passes the
 * deregistration to {@link #close(Runnable)}, which runs it before the fd is released.
 */
public final class FileDescriptor {
    private static final int INPUT_SHUT = 1;
    private static final int OUTPUT_SHUT = 1 << 1;
    private static final int CLOSED = 1 << 2;

    private final int fd;
    private final AtomicInteger state = new AtomicInteger();

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

    /**
     * Closes the fd once. {@code beforeRelease} (epoll deregistration, say) runs first, and only for the one caller
     * that wins; every other call returns false and touches nothing.
     */
    public boolean close(Runnable beforeRelease) {
        if (!mark(CLOSED)) {
            return false;
        }
        beforeRelease.run();
        Syscalls.closeQuietly(fd);
        return true;
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
