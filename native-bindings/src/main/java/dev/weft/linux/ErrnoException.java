package dev.weft.linux;

/**
 * An exception a failed libc call produced: each is also the JDK exception a caller already handles
 * ({@link java.net.ConnectException}, {@link java.net.BindException}, {@link java.nio.channels.ClosedChannelException},
 * a {@link java.net.SocketException} for a reset), so nothing above the bindings needs to look at errno.
 * {@link Errors#exception} makes them, and is the only place that does. They cannot share a superclass, since
 * each extends its JDK type, so what they carry is one {@link Failure}.
 */
public sealed interface ErrnoException permits NativeIOException, NativeConnectException, NativeBindException,
        NativeClosedException, NativeResetException {

    /** The libc function that failed and its errno. */
    record Failure(String call, int errno) {
        /** {@code "connect: Connection refused (ECONNREFUSED)"}. */
        String describe() {
            return call + ": " + Errno.describe(errno);
        }

        /** {@code "Connection refused (ECONNREFUSED)"}, for the JDK types whose message is the reason only. */
        String reason() {
            return Errno.describe(errno);
        }
    }

    Failure failure();

    /** The errno the call failed with. */
    default int errno() {
        return failure().errno();
    }

    /** The libc function that failed, as named in the message. */
    default String call() {
        return failure().call();
    }
}
