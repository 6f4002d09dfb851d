package dev.weft.transport;

import dev.weft.linux.LinuxLibc;
import dev.weft.linux.NativeIOException;

/** The native transport's pollers: {@code count} for readability and as many for writability, fds spread by number. */
final class NativeIo implements AutoCloseable {
    private final Poller[] readPollers;
    private final Poller[] writePollers;

    NativeIo(int count) throws NativeIOException {
        readPollers = new Poller[count];
        writePollers = new Poller[count];
        for (int i = 0; i < count; i++) {
            readPollers[i] = new Poller("weft-poller-read-" + i, LinuxLibc.EPOLLIN | LinuxLibc.EPOLLRDHUP);
            writePollers[i] = new Poller("weft-poller-write-" + i, LinuxLibc.EPOLLOUT);
        }
    }

    Poller readPoller(int fd) {
        return readPollers[fd % readPollers.length];
    }

    Poller writePoller(int fd) {
        return writePollers[fd % writePollers.length];
    }

    @Override
    public void close() {
        for (int i = 0; i < readPollers.length; i++) {
            readPollers[i].close();
            writePollers[i].close();
        }
    }
}
