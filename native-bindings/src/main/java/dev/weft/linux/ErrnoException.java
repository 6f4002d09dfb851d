package dev.weft.linux;

/**
 * An exception a failed libc call produced: each is also the JDK exception a caller already handles
 * ({@link java.net.ConnectException}, {@link java.net.BindException}, {@link java.nio.channels.ClosedChannelException},
 * a {@link java.net.SocketException} for a reset), so nothing above the bindings needs to look at errno.
 * {@link Errors#exception} makes them, and is the only place that does.
 */
public sealed interface ErrnoException permits NativeIOException, NativeConnectException, NativeBindException,
        NativeClosedException, NativeResetException {

    /** The errno the call failed with. */
    int errno();

    /** The libc function that failed, as named in the message. */
    String call();
}
