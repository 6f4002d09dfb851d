package dev.weft.transport;

import dev.weft.linux.FileDescriptor;
import dev.weft.linux.NativeIOException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.AsynchronousCloseException;
import java.util.concurrent.locks.LockSupport;

/**
 * A non-blocking native socket and its place in its event loop: the fd (closed exactly once), and whether it is
 * registered with the loop's read and write pollers. One thread at a time waits for readability (the reader) and
 * one for writability (the writer).
 */
final class NativeSocket {
    private final FileDescriptor fd;
    private final EventLoop loop;
    private final Poller readPoller;
    private final Poller writePoller;
    /** Whether the fd is in the read poller's set yet (ADD, then MOD); used only by the reading thread. */
    private boolean readRegistered;
    /** As above, for the writing thread and the write poller. */
    private boolean writeRegistered;

    NativeSocket(int fd, EventLoop loop) {
        this.fd = new FileDescriptor(fd);
        this.loop = loop;
        this.readPoller = loop.reads();
        this.writePoller = loop.writes();
    }

    EventLoop loop() {
        return loop;
    }

    FileDescriptor fd() {
        return fd;
    }

    /** Holds the fd for one call; throws if the socket was closed, by this thread or another. */
    void acquire() throws AsynchronousCloseException {
        if (!fd.acquire()) {
            throw new AsynchronousCloseException();
        }
    }

    void release() {
        fd.release();
    }

    /** Parks until readable or closed; {@code deadline} is a {@link System#nanoTime()} value, 0 for none. */
    void awaitReadable(long deadline) throws IOException {
        acquire();
        try {
            readPoller.arm(this, readRegistered);
            readRegistered = true;
        } finally {
            release();
        }
        park(readPoller, deadline);
    }

    /** Parks until writable or closed; {@code deadline} as for {@link #awaitReadable}. */
    void awaitWritable(long deadline) throws IOException {
        acquire();
        try {
            writePoller.arm(this, writeRegistered);
            writeRegistered = true;
        } finally {
            release();
        }
        park(writePoller, deadline);
    }

    private void park(Poller poller, long deadline) throws IOException {
        // A close that began before the arm may have woken nobody: look before parking, not after.
        if (fd.isOpen()) {
            if (deadline == 0) {
                LockSupport.park(this);
            } else {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    LockSupport.parkNanos(this, left);
                }
            }
        }
        poller.disarm(this);
        if (!fd.isOpen()) {
            throw new AsynchronousCloseException();
        }
        if (deadline != 0 && System.nanoTime() - deadline >= 0) {
            throw new SocketTimeoutException("timed out");
        }
    }

    /** Closes once: the loop's two pollers forget the fd and wake its waiters before the number is released. */
    void close() {
        fd.close(() -> {
            readPoller.forget(this);
            writePoller.forget(this);
        });
    }

    static IOException closedOr(NativeIOException e, NativeSocket socket) {
        return socket.fd.isOpen() ? e : new AsynchronousCloseException();
    }
}
