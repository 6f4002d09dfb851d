package dev.weft.linux;

import java.net.SocketException;

/**
 * ECONNRESET or EPIPE: the peer reset the connection, or it is gone and a write found out. It ends a pump, which
 * happens whenever a client goes away abruptly, so it carries no stack trace: that would cost a stack walk per
 * reset and say nothing, as the message names the call.
 */
public final class NativeResetException extends SocketException implements ErrnoException {
    private final Failure failure;

    NativeResetException(Failure failure) {
        super(failure.describe());
        this.failure = failure;
    }

    @Override
    public Failure failure() {
        return failure;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
