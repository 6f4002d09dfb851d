package dev.weft.linux;

import java.nio.channels.ClosedChannelException;

/** EBADF: the call reached a descriptor that was closed, which for a socket means the channel is closed. */
public final class NativeClosedException extends ClosedChannelException implements ErrnoException {
    private final Failure failure;

    NativeClosedException(Failure failure) {
        this.failure = failure;
    }

    @Override
    public String getMessage() {
        return failure.describe();
    }

    @Override
    public Failure failure() {
        return failure;
    }
}
