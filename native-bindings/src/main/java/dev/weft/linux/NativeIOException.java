package dev.weft.linux;

import java.io.IOException;

/** A libc call failed: names the call and its errno, such as {@code listen: Bad file descriptor (EBADF)}. */
public final class NativeIOException extends IOException implements ErrnoException {
    private final Failure failure;

    public NativeIOException(String call, int errno) {
        this(new Failure(call, errno));
    }

    private NativeIOException(Failure failure) {
        super(failure.describe());
        this.failure = failure;
    }

    @Override
    public Failure failure() {
        return failure;
    }
}
