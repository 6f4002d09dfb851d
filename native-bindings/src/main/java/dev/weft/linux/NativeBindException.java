package dev.weft.linux;

import java.net.BindException;

/**
 * A bind(2) that failed: the address is in use or not on this host. As with the JDK's own, the message is the
 * reason only, {@code Address already in use (EADDRINUSE)}: the caller names the address.
 */
public final class NativeBindException extends BindException implements ErrnoException {
    private final Failure failure;

    NativeBindException(Failure failure) {
        super(failure.reason());
        this.failure = failure;
    }

    @Override
    public Failure failure() {
        return failure;
    }
}
