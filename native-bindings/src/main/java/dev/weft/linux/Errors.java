package dev.weft.linux;

import java.lang.foreign.MemorySegment;

/**
 * The one place that turns a raw libc result into a Java one, so no call site reads errno itself: a non-negative
 * result is returned as it is; EAGAIN becomes {@link #WOULD_BLOCK}, for the caller to park until ready; EINTR
 * becomes {@link #INTERRUPTED}, for the caller to retry at once; any other errno becomes a
 * {@link NativeIOException} naming the call.
 */
public final class Errors {
    /** The fd is not ready: wait for readiness and try again. */
    public static final int WOULD_BLOCK = -Errno.EAGAIN;
    /** A signal interrupted the call before it did anything: call again. */
    public static final int INTERRUPTED = -Errno.EINTR;

    private Errors() {
    }

    /**
     * @param call   the libc function's name, for the exception message
     * @param result what the call returned
     * @param state  the segment the call captured errno into
     */
    public static long check(String call, long result, MemorySegment state) throws NativeIOException {
        if (result >= 0) {
            return result;
        }
        int errno = LinuxLibc.errno(state);
        return switch (errno) {
            case Errno.EAGAIN -> WOULD_BLOCK;
            case Errno.EINTR -> INTERRUPTED;
            default -> throw new NativeIOException(call, errno);
        };
    }
}
