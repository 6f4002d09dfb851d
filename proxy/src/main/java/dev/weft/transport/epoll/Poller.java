package dev.weft.transport.epoll;

import dev.weft.linux.CallState;
import dev.weft.linux.EpollEvent;
import dev.weft.linux.FileDescriptor;
import dev.weft.linux.LinuxLibc;
import dev.weft.linux.Syscalls;
import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * One edge-triggered epoll set and the sockets in it. A socket is registered once, for its life, for both
 * readability and writability ({@code EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET}); an event only raises the
 * socket's readiness flags and wakes its waiters ({@link NativeSocket#onReady}). So no wait costs an
 * {@code epoll_ctl}, where a one-shot registration costs one per wait.
 * <p>
 * A poller has no thread of its own: its {@link EventLoop} calls {@link #poll} when it has nothing else to run.
 */
final class Poller implements AutoCloseable {
    /** Keys below zero mark the loop's own descriptors; {@link #poll} reports them as bits of {@code -key}. */
    static final long WAKE = -1;
    private static final int SOCKET_EVENTS = LinuxLibc.EPOLLIN | LinuxLibc.EPOLLOUT | LinuxLibc.EPOLLRDHUP
            | LinuxLibc.EPOLLET;

    /** How the poller waits: {@link Syscalls#epollWait}, except in tests that make a wait fail. */
    @FunctionalInterface
    interface Wait {
        int wait(CallState cs, int epfd, MemorySegment events, int maxEvents, int timeoutMillis) throws IOException;
    }

    private final FileDescriptor epoll;
    private final Wait wait;
    private final SocketTable sockets = new SocketTable();

    Poller(Wait wait) throws IOException {
        this.epoll = new FileDescriptor(Syscalls.epollCreate(CallState.current()));
        this.wait = wait;
    }

    /** Watches one of the loop's own descriptors (its wake-up eventfd), level-triggered. */
    void watch(FileDescriptor fd, long key) throws IOException {
        Syscalls.epollControl(CallState.current(), epoll.fd(), LinuxLibc.EPOLL_CTL_ADD, fd.fd(), LinuxLibc.EPOLLIN,
                key);
    }

    /**
     * Adds {@code socket} for the rest of its life. If it is ready already, the kernel reports it at the next
     * poll, so nothing that happened before the registration is missed.
     */
    void register(NativeSocket socket) throws IOException {
        int fd = socket.fd().fd();
        sockets.put(fd, socket);
        if (!epoll.acquire()) {
            sockets.remove(fd, socket);
            throw new IOException("the event loop has stopped");
        }
        try {
            Syscalls.epollControl(CallState.current(), epoll.fd(), LinuxLibc.EPOLL_CTL_ADD, fd, SOCKET_EVENTS, fd);
        } catch (IOException e) {
            sockets.remove(fd, socket);
            throw e;
        } finally {
            epoll.release();
        }
    }

    /**
     * Takes a socket out of the set while its descriptor is still open: for a socket handed over to another
     * process, whose copy keeps it alive, so closing this one would not take it out of the set.
     */
    void unregister(NativeSocket socket) {
        if (!epoll.acquire()) {
            return;
        }
        try {
            Syscalls.epollControl(CallState.current(), epoll.fd(), LinuxLibc.EPOLL_CTL_DEL, socket.fd().fd(), 0, 0);
        } catch (IOException e) {
            // Not in the set any more: nothing to take out.
        } finally {
            epoll.release();
        }
    }

    /**
     * Before the fd is released. The registration needs no EPOLL_CTL_DEL: closing the socket's last descriptor
     * takes it out of every epoll set, and Weft never duplicates one. That saves a syscall per socket.
     */
    void forget(NativeSocket socket) {
        sockets.remove(socket.fd().fd(), socket);
    }

    /** Whether {@code socket} is in this set. */
    boolean watches(NativeSocket socket) {
        return sockets.get(socket.fd().fd()) == socket;
    }

    /**
     * Waits up to {@code timeoutMillis} (-1: until something happens) and hands each socket event to its socket.
     *
     * @return the loop's own descriptors that were ready, as bits of {@code -key}
     */
    int poll(CallState cs, MemorySegment events, int maxEvents, int timeoutMillis) throws IOException {
        int ready = wait.wait(cs, epoll.fd(), events, maxEvents, timeoutMillis);
        int own = 0;
        for (int i = 0; i < ready; i++) {
            long data = EpollEvent.data(events, i);
            if (data < 0) {
                own |= (int) -data;
                continue;
            }
            NativeSocket socket = sockets.get((int) data);
            if (socket != null) {
                socket.onReady(EpollEvent.events(events, i));
            }
        }
        return own;
    }

    /** Only once the loop's thread has stopped polling. */
    @Override
    public void close() {
        epoll.close(() -> { });
    }
}
