package dev.weft.linux;

import java.net.ConnectException;

/**
 * A connect(2) that failed: refused, timed out or unreachable. As with the JDK's own, the message is the reason
 * only, {@code Connection refused (ECONNREFUSED)}: the caller names what it connected to.
 */
public final class NativeConnectException extends ConnectException implements ErrnoException {
    private final String call;
    private final int errno;

    NativeConnectException(String call, int errno) {
        super(Errno.describe(errno));
        this.call = call;
        this.errno = errno;
    }

    @Override
    public int errno() {
        return errno;
    }

    @Override
    public String call() {
        return call;
    }
}
