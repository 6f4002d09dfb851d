package dev.weft.transport.epoll;

import dev.weft.linux.FileDescriptor;
import dev.weft.linux.LinuxLibc;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketTimeoutException;
import java.nio.channels.AsynchronousCloseException;
import java.util.concurrent.locks.LockSupport;

/**
 * A non-blocking native socket, registered once, at its first wait, with its event loop's edge-triggered epoll
 * set. One thread at a time waits for readability (the reader) and one for writability (the writer).
 * <p>
 * The readiness protocol, which must never lose a wake-up: each direction has a flag that an event raises. A
 * thread lowers the flag <em>before</em> it tries a read (or write), and when the try would block it registers as
 * the waiter and looks at the flag again before parking. An edge that comes after the lowering therefore either
 * is seen by that second look or finds the waiter to unpark; both accesses are volatile, so one of the two sides
 * sees the other. A flag raised by an edge that the try itself consumed only costs one extra try.
 */
final class NativeSocket {
    private static final int READ_EVENTS = LinuxLibc.EPOLLIN | LinuxLibc.EPOLLRDHUP | LinuxLibc.EPOLLHUP
            | LinuxLibc.EPOLLERR;
    private static final int WRITE_EVENTS = LinuxLibc.EPOLLOUT | LinuxLibc.EPOLLHUP | LinuxLibc.EPOLLERR;
    private static final int END_EVENTS = LinuxLibc.EPOLLRDHUP | LinuxLibc.EPOLLHUP | LinuxLibc.EPOLLERR;
    private static final int FAILURE_EVENTS = LinuxLibc.EPOLLHUP | LinuxLibc.EPOLLERR;
    private static final VarHandle READER;
    private static final VarHandle WRITER;
    private static final VarHandle RESUME;
    private static final VarHandle REGISTERED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            READER = lookup.findVarHandle(NativeSocket.class, "reader", Thread.class);
            WRITER = lookup.findVarHandle(NativeSocket.class, "writer", Thread.class);
            RESUME = lookup.findVarHandle(NativeSocket.class, "resume", Runnable.class);
            REGISTERED = lookup.findVarHandle(NativeSocket.class, "registered", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final FileDescriptor fd;
    private final EventLoop loop;
    private volatile Thread reader;
    private volatile Thread writer;
    /** What starts a resting reader again, in place of a parked one; run once by the next read event. */
    private volatile Runnable resume;
    /** An edge since the reader last lowered it; raised at first, so that the first try is made at once. */
    private volatile boolean readable = true;
    private volatile boolean writable = true;
    /** The peer's FIN (or a reset) was reported; never lowered, since nothing comes after it. */
    private volatile boolean peerEnded;
    /**
     * An error or a hang-up was reported (a refused or reset connection, or one shut both ways); never lowered.
     * Raised before the readiness flags, so a thread that sees a flag an event raised sees this one too.
     */
    private volatile boolean failed;
    /** Whether the socket has joined its loop's epoll set (or is joining it): once, at the first wait. */
    private volatile boolean registered;
    /** While a timed wait is in its loop's {@link Deadlines}: when it ends. Only the loop's thread uses it. */
    private long deadline;

    NativeSocket(int fd, EventLoop loop) {
        this.fd = new FileDescriptor(fd);
        this.loop = loop;
    }

    EventLoop loop() {
        return loop;
    }

    FileDescriptor fd() {
        return fd;
    }

    /**
     * Joins the loop's epoll set for the rest of the socket's life, once: a socket that is closed before anything
     * waits on it (a client refused as it is accepted) never pays the {@code epoll_ctl}. Every wait registers
     * first; the kernel reports a socket that is ready when it joins, so an edge that came before is not lost. A
     * thread that finds another registering may park at once: that registration reports the socket if ready.
     */
    void register() throws IOException {
        if (registered || !REGISTERED.compareAndSet(this, false, true)) {
            return;
        }
        // Holding the fd, so that a close meanwhile cannot hand its number to another socket before it joins.
        boolean joined = false;
        try {
            acquire();
            try {
                loop.poller().register(this);
                joined = true;
            } finally {
                release();
            }
        } finally {
            if (!joined) {
                // The next wait tries again, and fails as this one did, rather than park with nothing to wake it.
                registered = false;
            }
        }
    }

    /** Holds the fd for one call; throws if the socket was closed, by this thread or another. */
    void acquire() throws AsynchronousCloseException {
        if (!fd.acquire()) {
            throw new ClosedWhileWaitingException();
        }
    }

    void release() {
        fd.release();
    }

    /** Called by the event loop with an event's mask: raises the flags and wakes the waiters it concerns. */
    void onReady(int events) {
        if ((events & FAILURE_EVENTS) != 0) {
            failed = true;
        }
        if ((events & END_EVENTS) != 0) {
            peerEnded = true;
        }
        if ((events & READ_EVENTS) != 0) {
            readable = true;
            wake(READER);
            resumeNow();
        }
        if ((events & WRITE_EVENTS) != 0) {
            writable = true;
            wake(WRITER);
        }
    }

    /** Before a read, an accept or a splice out of this socket. */
    void lowerReadable() {
        readable = false;
    }

    /** Before a write or a splice into this socket; also before a connect, which is done when it is writable. */
    void lowerWritable() {
        writable = false;
    }

    /** Whether an edge came since the last {@link #lowerReadable()}. */
    boolean readable() {
        return readable;
    }

    /**
     * Whether the peer's end of stream (or an error) was reported. Then a read that returns less than it asked for
     * does not mean the socket is empty: the end of stream may be waiting behind the data, and no edge will come
     * for it again (nginx's {@code pending_eof}).
     */
    boolean peerEnded() {
        return peerEnded;
    }

    /**
     * Whether the peer's FIN was reported and no error or hang-up: then no byte can come after those waiting, and
     * a read that returns less than it asked for leaves nothing but the end of stream behind it.
     */
    boolean peerFinishedCleanly() {
        return peerEnded && !failed;
    }

    /**
     * Whether an error or hang-up was reported. A connect whose writability came without one has succeeded:
     * only a failed connect needs {@code SO_ERROR} to say how.
     */
    boolean failed() {
        return failed;
    }

    /** Whether an edge came since the last {@link #lowerWritable()}. */
    boolean writable() {
        return writable;
    }

    /**
     * Parks until an edge comes, unless one came since the last {@link #lowerReadable()}, or the socket closes;
     * {@code deadline} is a {@link System#nanoTime()} value, 0 for none.
     */
    void awaitReadable(long deadline) throws IOException {
        await(READER, true, deadline);
    }

    /** As {@link #awaitReadable}, for writability. */
    void awaitWritable(long deadline) throws IOException {
        await(WRITER, false, deadline);
    }

    private void await(VarHandle waiter, boolean read, long deadline) throws IOException {
        register();
        Thread me = Thread.currentThread();
        waiter.setVolatile(this, me);
        if (!(read ? readable : writable)) {
            park(deadline);
        }
        waiter.compareAndSet(this, me, null);
        checkAfterWait(deadline);
    }

    private void park(long deadline) {
        // A close that began before the waiter was set may have woken nobody: look before parking, not after.
        if (!fd.isOpen()) {
            return;
        }
        if (deadline == 0) {
            LockSupport.park(this);
        } else if (EventLoop.home() == loop) {
            // On the socket's own loop, which wakes it at the deadline: see Deadlines.
            this.deadline = deadline;
            loop.deadlines().add(this);
            try {
                LockSupport.park(this);
            } finally {
                loop.deadlines().remove(this);
            }
        } else {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                LockSupport.parkNanos(this, left);
            }
        }
    }

    long deadline() {
        return deadline;
    }

    /** Called by the loop when a timed wait's deadline has come: the waiter wakes and finds it has timed out. */
    void deadlinePassed() {
        wake(READER);
        wake(WRITER);
    }

    private void checkAfterWait(long deadline) throws IOException {
        if (!fd.isOpen()) {
            throw new ClosedWhileWaitingException();
        }
        if (deadline != 0 && System.nanoTime() - deadline >= 0) {
            throw new SocketTimeoutException("timed out");
        }
    }

    private void wake(VarHandle slot) {
        Thread waiter = (Thread) slot.getAndSet(this, (Thread) null);
        if (waiter != null) {
            LockSupport.unpark(waiter);
        }
    }

    /**
     * Closes a socket that another process holds too, having handed it over: it leaves this loop's epoll set
     * first, which the close would not do while the other copy lives.
     */
    void closeShared() {
        fd.close(() -> {
            loop.poller().unregister(this);
            loop.poller().forget(this);
            wake(READER);
            wake(WRITER);
        });
    }

    /**
     * Runs {@code task} at the next read event instead of waking a parked reader, or at once if an edge came since
     * the last {@link #lowerReadable()} or the socket is closed. The flag is read after the task is set and the
     * loop sets the flag before it takes the task, so a byte that lands in between is never missed.
     */
    void resumeWhenReadable(Runnable task) {
        resume = task;
        boolean watched = true;
        try {
            register();
        } catch (IOException e) {
            // Started at once, its thread meets the failure at its next wait.
            watched = false;
        }
        if (readable || !watched || !fd.isOpen()) {
            resumeNow();
        }
    }

    /** Runs the waiting resume, once, if there is one. */
    void resumeNow() {
        Runnable task = (Runnable) RESUME.getAndSet(this, (Runnable) null);
        if (task != null) {
            task.run();
        }
    }

    /** Wakes the thread waiting to read, if any, to look at its state again (a detach). */
    void wakeReader() {
        wake(READER);
    }

    /** Closes once: the loop forgets the fd and its waiters wake, before the number is released. */
    void close() {
        fd.close(() -> {
            loop.poller().forget(this);
            // A resting reader is not started again: its session is closing.
            RESUME.setVolatile(this, (Runnable) null);
            wake(READER);
            wake(WRITER);
        });
    }

    static IOException closedOr(IOException e, NativeSocket socket) {
        return socket.fd.isOpen() ? e : new ClosedWhileWaitingException();
    }
}
