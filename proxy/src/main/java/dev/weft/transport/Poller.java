package dev.weft.transport;

import dev.weft.linux.CallState;
import dev.weft.linux.EpollEvent;
import dev.weft.linux.LinuxLibc;
import dev.weft.linux.NativeIOException;
import dev.weft.linux.Syscalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.locks.LockSupport;

/**
 * One platform thread in {@code epoll_wait} for one kind of readiness (readable or writable), unparking the
 * virtual threads that wait for it. A waiter arms a one-shot registration for its fd and parks; the event disarms
 * it, so each wait costs one {@code epoll_ctl} and no virtual thread ever blocks in native code. Readability and
 * writability have separate pollers because one epoll registration per fd cannot serve a reader and a writer
 * parked at the same time.
 */
final class Poller implements AutoCloseable {
    private static final int MAX_EVENTS = 256;
    private static final long WAKE = -1;

    private final int interest;
    private final int epfd;
    private final int wakeFd;
    private final WaiterTable waiters = new WaiterTable();
    private final Thread thread;
    private volatile boolean running = true;

    /** @param interest EPOLLIN (with EPOLLRDHUP) or EPOLLOUT */
    Poller(String name, int interest) throws NativeIOException {
        this.interest = interest;
        CallState cs = CallState.current();
        this.epfd = Syscalls.epollCreate(cs);
        this.wakeFd = Syscalls.eventfd(cs);
        Syscalls.epollControl(cs, epfd, LinuxLibc.EPOLL_CTL_ADD, wakeFd, LinuxLibc.EPOLLIN, WAKE);
        this.thread = Thread.ofPlatform().daemon().name(name).start(this::loop);
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

    /** Before the fd is released: stops watching it and wakes its waiter, who will find the socket closed. */
    void forget(NativeSocket socket, boolean registered) {
        int fd = socket.fd().fd();
        if (registered) {
            try {
                Syscalls.epollControl(CallState.current(), epfd, LinuxLibc.EPOLL_CTL_DEL, fd, 0, 0);
            } catch (NativeIOException e) {
                // Not registered after all (ENOENT): nothing to remove.
            }
        }
        Thread waiter = waiters.take(fd);
        if (waiter != null) {
            LockSupport.unpark(waiter);
        }
    }

    private void loop() {
        CallState cs = CallState.current();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment events = arena.allocate(EpollEvent.LAYOUT, MAX_EVENTS);
            MemorySegment counter = arena.allocate(ValueLayout.JAVA_LONG);
            while (running) {
                int ready = Syscalls.epollWait(cs, epfd, events, MAX_EVENTS, -1);
                for (int i = 0; i < ready; i++) {
                    long data = EpollEvent.data(events, i);
                    if (data == WAKE) {
                        Syscalls.read(cs, wakeFd, counter, Long.BYTES);
                        continue;
                    }
                    Thread waiter = waiters.take((int) data);
                    if (waiter != null) {
                        LockSupport.unpark(waiter);
                    }
                }
            }
        } catch (NativeIOException e) {
            System.getLogger("weft.transport").log(System.Logger.Level.ERROR, Thread.currentThread().getName()
                    + " stopped: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment one = arena.allocate(ValueLayout.JAVA_LONG);
            one.set(ValueLayout.JAVA_LONG, 0, 1);
            Syscalls.write(CallState.current(), wakeFd, one, Long.BYTES);
            thread.join(1000);
        } catch (NativeIOException e) {
            // The poller thread is a daemon; it ends with the process.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Syscalls.closeQuietly(epfd);
        Syscalls.closeQuietly(wakeFd);
    }
}
