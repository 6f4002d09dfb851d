package dev.weft.linux;

import java.net.ConnectException;

/**
 * A connect(2) that failed: refused, timed out or unreachable. As with the JDK's own, the message is the reason
 * only, {@code Connection refused (ECONNREFUSED)}: the caller names what it connected to.
 */
public final class NativeConnectException extends ConnectException implements ErrnoException {
    private final Failure failure;

    NativeConnectException(Failure failure) {
        super(failure.reason());
        this.failure = failure;
    }

    @Override
    public Failure failure() {
        return failure;
    }
}
