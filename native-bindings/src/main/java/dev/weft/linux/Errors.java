package dev.weft.linux;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * The one place that turns a raw libc result into a Java one, so no call site reads errno itself: a non-negative
 * result is returned as it is; EAGAIN becomes {@link #WOULD_BLOCK}, for the caller to park until ready; EINTR
 * becomes {@link #INTERRUPTED}, for the caller to retry at once; any other errno becomes the exception
 * {@link #exception} maps it to.
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
    public static long check(String call, long result, MemorySegment state) throws IOException {
        if (result >= 0) {
            return result;
        }
        int errno = LinuxLibc.errno(state);
        return switch (errno) {
            case Errno.EAGAIN -> WOULD_BLOCK;
            case Errno.EINTR -> INTERRUPTED;
            default -> throw exception(call, errno);
        };
    }

    /**
     * The exception for {@code call} failing with {@code errno}, of the JDK type its callers already handle:
     * <ul>
     * <li>a refused, timed-out or unreachable {@code connect}: {@link NativeConnectException}, a ConnectException;</li>
     * <li>an address in use or not here, for {@code bind}: {@link NativeBindException}, a BindException;</li>
     * <li>EBADF: {@link NativeClosedException}, a ClosedChannelException;</li>
     * <li>ECONNRESET and EPIPE: {@link NativeResetException}, a SocketException without a stack trace;</li>
     * <li>anything else: {@link NativeIOException}.</li>
     * </ul>
     */
    public static IOException exception(String call, int errno) {
        ErrnoException.Failure failure = new ErrnoException.Failure(call, errno);
        return switch (errno) {
            case Errno.ECONNREFUSED, Errno.ETIMEDOUT, Errno.EHOSTUNREACH, Errno.ENETUNREACH -> call.equals("connect")
                    ? new NativeConnectException(failure) : new NativeIOException(call, errno);
            case Errno.EADDRINUSE, Errno.EADDRNOTAVAIL -> call.equals("bind")
                    ? new NativeBindException(failure) : new NativeIOException(call, errno);
            case Errno.EBADF -> new NativeClosedException(failure);
            case Errno.ECONNRESET, Errno.EPIPE -> new NativeResetException(failure);
            default -> new NativeIOException(call, errno);
        };
    }
}
