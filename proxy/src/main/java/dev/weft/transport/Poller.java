package dev.weft.transport;

import dev.weft.linux.CallState;
import dev.weft.linux.EpollEvent;
import dev.weft.linux.LinuxLibc;
import dev.weft.linux.NativeIOException;
import dev.weft.linux.Syscalls;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.LockSupport;

/**
 * One epoll set for one kind of readiness (readable or writable), and the threads waiting on it. A waiter arms a
 * one-shot registration for its fd and parks; the event disarms it, so each wait costs one {@code epoll_ctl} and no
 * virtual thread ever blocks in native code. Readability and writability have separate sets because one epoll
 * registration per fd cannot serve a reader and a writer parked at the same time.
 * <p>
 * A poller has no thread of its own: its {@link EventLoop} calls {@link #poll} when it has nothing else to run.
 */
final class Poller implements AutoCloseable {
    /** Keys below zero mark the loop's own descriptors; {@link #poll} reports them as bits of {@code -key}. */
    static final long WAKE = -1;
    static final long NESTED = -2;

    private final int interest;
    private final int epfd;
    private final WaiterTable waiters = new WaiterTable();

    /** @param interest EPOLLIN (with EPOLLRDHUP) or EPOLLOUT */
    Poller(int interest) throws NativeIOException {
        this.interest = interest;
        this.epfd = Syscalls.epollCreate(CallState.current());
    }

    int epfd() {
        return epfd;
    }

    /** Watches one of the loop's own descriptors (an eventfd, another poller's epoll set), level-triggered. */
    void watch(int fd, long key) throws NativeIOException {
        Syscalls.epollControl(CallState.current(), epfd, LinuxLibc.EPOLL_CTL_ADD, fd, LinuxLibc.EPOLLIN, key);
    }

    /**
     * Registers the current thread as the waiter for {@code socket} and arms the one-shot registration. The caller
     * holds the socket's fd (acquired), so the number cannot be reused meanwhile, and parks afterwards.
     */
    void arm(NativeSocket socket, boolean registered) throws NativeIOException {
        int fd = socket.fd().fd();
        waiters.set(fd, Thread.currentThread());
        Syscalls.epollControl(CallState.current(), epfd, registered ? LinuxLibc.EPOLL_CTL_MOD
                : LinuxLibc.EPOLL_CTL_ADD, fd, interest | LinuxLibc.EPOLLONESHOT, fd);
    }

    /** Clears the current thread's registration after it woke, whatever woke it. */
    void disarm(NativeSocket socket) {
        waiters.remove(socket.fd().fd(), Thread.currentThread());
    }

    /**
     * Before the fd is released: wakes its waiter, who will find the socket closed. The registration needs no
     * EPOLL_CTL_DEL: closing the socket's last descriptor takes it out of every epoll set, and Weft never
     * duplicates one. That saves two syscalls per proxied connection.
     */
    void forget(NativeSocket socket) {
        Thread waiter = waiters.take(socket.fd().fd());
        if (waiter != null) {
            LockSupport.unpark(waiter);
        }
    }

    /**
     * Waits up to {@code timeoutMillis} (-1: until something happens) and unparks the waiters of the sockets that
     * became ready.
     *
     * @return the loop's own descriptors that were ready, as bits of {@code -key}
     */
    int poll(CallState cs, MemorySegment events, int maxEvents, int timeoutMillis) throws NativeIOException {
        int ready = Syscalls.epollWait(cs, epfd, events, maxEvents, timeoutMillis);
        int own = 0;
        for (int i = 0; i < ready; i++) {
            long data = EpollEvent.data(events, i);
            if (data < 0) {
                own |= (int) -data;
                continue;
            }
            Thread waiter = waiters.take((int) data);
            if (waiter != null) {
                LockSupport.unpark(waiter);
            }
        }
        return own;
    }

    @Override
    public void close() {
        Syscalls.closeQuietly(epfd);
    }
}
