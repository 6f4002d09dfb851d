package dev.weft.linux;

import java.io.IOException;

/** A libc call failed: names the call and its errno, such as {@code listen: Bad file descriptor (EBADF)}. */
public final class NativeIOException extends IOException implements ErrnoException {
    private final String call;
    private final int errno;

    public NativeIOException(String call, int errno) {
        super(call + ": " + Errno.describe(errno));
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
