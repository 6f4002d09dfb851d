package dev.weft.linux;

/**
 * A native file descriptor and its state (see {@link CallGate}): input shut, output shut, closed, and the calls in
 * flight. The OS reuses fd numbers at once, so the number must stay ours until no call can still use it: every
 * call on the fd runs between {@link #acquire()} and {@link #release()}, and {@link #close(Runnable)} releases the
 * number only when no call is in flight, or else the last call to finish does. Either way it happens exactly once,
 * after the caller's {@code beforeRelease} (epoll deregistration, waking waiters) has run.
 */
public final class FileDescriptor {
    private static final int INPUT_SHUT = CallGate.FLAG_A;
    private static final int OUTPUT_SHUT = CallGate.FLAG_B;

    private final int fd;
    private final CallGate gate = new CallGate();

    public FileDescriptor(int fd) {
        this.fd = fd;
    }

    public int fd() {
        return fd;
    }

    public boolean isOpen() {
        return gate.isOpen();
    }

    public boolean isInputShut() {
        return gate.isSetOrClosed(INPUT_SHUT);
    }

    public boolean isOutputShut() {
        return gate.isSetOrClosed(OUTPUT_SHUT);
    }

    /** Marks output shut; true only for the caller that changed the state, who then calls shutdown(2). */
    public boolean markOutputShut() {
        return gate.mark(OUTPUT_SHUT);
    }

    /** Marks input shut; true only for the caller that changed the state. */
    public boolean markInputShut() {
        return gate.mark(INPUT_SHUT);
    }

    /** Before a call on the fd: false once closed, and then the call must not be made. */
    public boolean acquire() {
        return gate.acquire();
    }

    /** After a call on the fd; the last call after a close releases the number. */
    public void release() {
        if (gate.release()) {
            releaseNumber();
        }
    }

    /**
     * Closes once. {@code beforeRelease} runs first, and only for the one caller that wins; every other call
     * returns false and touches nothing.
     */
    public boolean close(Runnable beforeRelease) {
        return gate.close(beforeRelease, this::releaseNumber);
    }

    private void releaseNumber() {
        Syscalls.closeQuietly(fd);
    }

    @Override
    public String toString() {
        return "fd " + fd;
    }
}
