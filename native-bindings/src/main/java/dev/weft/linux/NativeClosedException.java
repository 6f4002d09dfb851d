package dev.weft.linux;

import java.nio.channels.ClosedChannelException;

/** EBADF: the call reached a descriptor that was closed, which for a socket means the channel is closed. */
public final class NativeClosedException extends ClosedChannelException implements ErrnoException {
    private final String call;

    NativeClosedException(String call) {
        this.call = call;
    }

    @Override
    public String getMessage() {
        return call + ": " + Errno.describe(Errno.EBADF);
    }

    @Override
    public int errno() {
        return Errno.EBADF;
    }

    @Override
    public String call() {
        return call;
    }
}
