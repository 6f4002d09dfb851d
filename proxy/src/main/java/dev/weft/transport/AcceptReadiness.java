package dev.weft.transport;

import dev.weft.linux.CallState;
import dev.weft.linux.EpollEvent;
import dev.weft.linux.FileDescriptor;
import dev.weft.linux.LinuxLibc;
import dev.weft.linux.NativeIOException;
import dev.weft.linux.Syscalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.AsynchronousCloseException;

/**
 * Waits for clients on a listening socket from the listener's own platform thread, in a private epoll set that
 * holds the socket (level-triggered, registered once) and an eventfd that close() writes to. The kernel wakes the
 * accept thread directly: going through a shared poller would cost two more thread wake-ups per accept burst,
 * the poller's and then the acceptor's, which is what made native connections per second trail the JDK's.
 */
final class AcceptReadiness implements AutoCloseable {
    private static final int EVENTS = 2;

    /** Both held for the whole wait, so that close() cannot release either number under a waiting accept. */
    private final FileDescriptor epoll;
    private final FileDescriptor wake;
    private final MemorySegment events = Arena.ofAuto().allocate(EpollEvent.LAYOUT, EVENTS);

    AcceptReadiness(int listenFd) throws NativeIOException {
        CallState cs = CallState.current();
        int epfd = Syscalls.epollCreate(cs);
        int wakeFd = -1;
        try {
            wakeFd = Syscalls.eventfd(cs);
            Syscalls.epollControl(cs, epfd, LinuxLibc.EPOLL_CTL_ADD, listenFd, LinuxLibc.EPOLLIN, listenFd);
            Syscalls.epollControl(cs, epfd, LinuxLibc.EPOLL_CTL_ADD, wakeFd, LinuxLibc.EPOLLIN, -1);
        } catch (NativeIOException e) {
            Syscalls.closeQuietly(epfd);
            Syscalls.closeQuietly(wakeFd);
            throw e;
        }
        this.epoll = new FileDescriptor(epfd);
        this.wake = new FileDescriptor(wakeFd);
    }

    /**
     * Blocks the calling platform thread until a client waits or {@link #close()} is called. Never from a virtual
     * thread: it would pin its carrier for as long as no client comes.
     */
    void await() throws NativeIOException, AsynchronousCloseException {
        if (Thread.currentThread().isVirtual()) {
            throw new IllegalStateException("accept() of a native listener runs on a platform thread");
        }
        if (!epoll.acquire()) {
            throw new AsynchronousCloseException();
        }
        try {
            if (!wake.acquire()) {
                throw new AsynchronousCloseException();
            }
            try {
                // Level-triggered: a wake written before this call still ends it at once.
                Syscalls.epollWait(CallState.current(), epoll.fd(), events, EVENTS, -1);
            } finally {
                wake.release();
            }
        } finally {
            epoll.release();
        }
        if (!wake.isOpen()) {
            throw new AsynchronousCloseException();
        }
    }

    /** Wakes a waiting accept, which then reports the close; both fds go when that wait has left them. */
    @Override
    public void close() {
        if (wake.acquire()) {
            try (Arena call = Arena.ofConfined()) {
                MemorySegment one = call.allocate(ValueLayout.JAVA_LONG);
                one.set(ValueLayout.JAVA_LONG, 0, 1);
                Syscalls.write(CallState.current(), wake.fd(), one, Long.BYTES);
            } catch (NativeIOException e) {
                // Only an overflowing counter fails, and nothing else writes to it.
            } finally {
                wake.release();
            }
        }
        wake.close(() -> { });
        epoll.close(() -> { });
    }
}
