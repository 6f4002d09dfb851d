package dev.weft.linux;

import java.io.IOException;

/** A libc call failed: names the call and its errno, such as {@code connect: Connection refused (ECONNREFUSED)}. */
public final class NativeIOException extends IOException {
    private final int errno;

    public NativeIOException(String call, int errno) {
        super(call + ": " + Errno.describe(errno));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
