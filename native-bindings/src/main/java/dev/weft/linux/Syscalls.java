package dev.weft.linux;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.agrona.BufferUtil;

/**
 * Java-shaped wrappers over {@link LinuxLibc}: they retry EINTR, map results through {@link Errors}, and convert
 * addresses. Every socket they create is non-blocking and close-on-exec, so no call here ever blocks; a result of
 * {@link Errors#WOULD_BLOCK} tells the caller to wait for readiness.
 */
public final class Syscalls {
    /** What {@link #read} returns at end of stream. */
    public static final int END_OF_STREAM = -1;

    private Syscalls() {
    }

    public static int socket(CallState cs, int family) throws IOException {
        return (int) retry("socket", cs, () -> LinuxLibc.socket(cs.errno, family,
                LinuxLibc.SOCK_STREAM | LinuxLibc.SOCK_NONBLOCK | LinuxLibc.SOCK_CLOEXEC, 0));
    }

    public static void setInt(CallState cs, int fd, int level, int option, int value) throws IOException {
        cs.ints.set(ValueLayout.JAVA_INT, 0, value);
        retry("setsockopt", cs, () -> LinuxLibc.setsockopt(cs.errno, fd, level, option, cs.ints, Integer.BYTES));
    }

    public static int getInt(CallState cs, int fd, int level, int option) throws IOException {
        cs.ints.set(ValueLayout.JAVA_INT, Integer.BYTES, Integer.BYTES);
        retry("getsockopt", cs, () -> LinuxLibc.getsockopt(cs.errno, fd, level, option, cs.ints,
                cs.ints.asSlice(Integer.BYTES)));
        return cs.ints.get(ValueLayout.JAVA_INT, 0);
    }

    /**
     * Throws the error a socket has pending ({@code SO_ERROR}) as if {@code call} had failed with it: how a
     * non-blocking connect ended, ECONNREFUSED say, once the socket turned writable.
     */
    public static void checkSocketError(CallState cs, int fd, String call) throws IOException {
        int error = getInt(cs, fd, LinuxLibc.SOL_SOCKET, LinuxLibc.SO_ERROR);
        if (error != 0) {
            throw Errors.exception(call, error);
        }
    }

    /** SO_LINGER with a zero timeout: close(2) then sends RST instead of FIN. */
    public static void setLingerZero(CallState cs, int fd) throws IOException {
        cs.ints.set(ValueLayout.JAVA_INT, 0, 1);
        cs.ints.set(ValueLayout.JAVA_INT, Integer.BYTES, 0);
        retry("setsockopt", cs, () -> LinuxLibc.setsockopt(cs.errno, fd, LinuxLibc.SOL_SOCKET,
                LinuxLibc.SO_LINGER, cs.ints, 2 * Integer.BYTES));
    }

    public static void bind(CallState cs, int fd, InetSocketAddress address) throws IOException {
        int length = SockAddr.write(address, cs.sockaddr);
        retry("bind", cs, () -> LinuxLibc.bind(cs.errno, fd, cs.sockaddr, length));
    }

    public static void listen(CallState cs, int fd, int backlog) throws IOException {
        retry("listen", cs, () -> LinuxLibc.listen(cs.errno, fd, backlog));
    }

    /**
     * A new non-blocking fd, or {@link Errors#WOULD_BLOCK} when no client is waiting. The client's address is
     * kept in {@code cs} for {@link #acceptedIpv4} and {@link #acceptedAddress}: accept4 reports it for free,
     * while a getpeername later fails once the client has reset the connection.
     */
    public static int accept(CallState cs, int fd) throws IOException {
        cs.ints.set(ValueLayout.JAVA_INT, 0, (int) SockAddr.MAX_SIZE);
        return (int) retry("accept4", cs, () -> LinuxLibc.accept4(cs.errno, fd, cs.sockaddr, cs.ints,
                LinuxLibc.SOCK_NONBLOCK | LinuxLibc.SOCK_CLOEXEC));
    }

    /** The last accepted client's IPv4 address and port, packed by {@link SockAddr#packIpv4}; -1 if not IPv4. */
    public static long acceptedIpv4(CallState cs) {
        return SockAddr.packIpv4(cs.sockaddr);
    }

    /** The last accepted client's address. */
    public static InetSocketAddress acceptedAddress(CallState cs) {
        return SockAddr.read(cs.sockaddr);
    }

    /**
     * Starts a non-blocking connect, or asks how one already started is going: call it again after EPOLLOUT (or
     * any wake-up, spurious ones included) until it returns true.
     *
     * @return true once connected; false while in progress (EINPROGRESS, EALREADY)
     * @throws IOException with the connect's error, such as ECONNREFUSED
     */
    public static boolean connect(CallState cs, int fd, InetSocketAddress remote) throws IOException {
        int length = SockAddr.write(remote, cs.sockaddr);
        while (true) {
            int result = LinuxLibc.connect(cs.errno, fd, cs.sockaddr, length);
            if (result == 0) {
                return true;
            }
            int errno = LinuxLibc.errno(cs.errno);
            switch (errno) {
                case Errno.EISCONN -> {
                    return true;
                }
                case Errno.EINPROGRESS, Errno.EALREADY -> {
                    return false;
                }
                case Errno.EINTR -> {
                    // Interrupted before it started: start it again.
                }
                default -> throw Errors.exception("connect", errno);
            }
        }
    }

    public static InetSocketAddress localAddress(CallState cs, int fd) throws IOException {
        cs.ints.set(ValueLayout.JAVA_INT, 0, (int) SockAddr.MAX_SIZE);
        retry("getsockname", cs, () -> LinuxLibc.getsockname(cs.errno, fd, cs.sockaddr, cs.ints));
        return SockAddr.read(cs.sockaddr);
    }

    public static InetSocketAddress remoteAddress(CallState cs, int fd) throws IOException {
        cs.ints.set(ValueLayout.JAVA_INT, 0, (int) SockAddr.MAX_SIZE);
        retry("getpeername", cs, () -> LinuxLibc.getpeername(cs.errno, fd, cs.sockaddr, cs.ints));
        return SockAddr.read(cs.sockaddr);
    }

    // read, write and splice are the hot path: plain loops, no capturing lambda to allocate per call.

    /** Bytes read (at least one), {@link #END_OF_STREAM}, or {@link Errors#WOULD_BLOCK}. */
    public static long read(CallState cs, int fd, MemorySegment into, long length) throws IOException {
        long n;
        do {
            n = Errors.check("read", LinuxLibc.read(cs.errno, fd, into, length), cs.errno);
        } while (n == Errors.INTERRUPTED);
        return n == 0 && length > 0 ? END_OF_STREAM : n;
    }

    /** Bytes written, possibly fewer than asked, or {@link Errors#WOULD_BLOCK}. */
    public static long write(CallState cs, int fd, MemorySegment from, long length) throws IOException {
        long n;
        do {
            n = Errors.check("write", LinuxLibc.write(cs.errno, fd, from, length), cs.errno);
        } while (n == Errors.INTERRUPTED);
        return n;
    }

    /**
     * Shuts a direction down. A socket that the peer has already reset is no longer connected (ENOTCONN): there is
     * nothing left to shut down, which is not a failure, so it returns as if done (the close that follows ends it).
     */
    public static void shutdown(CallState cs, int fd, int how) throws IOException {
        while (true) {
            if (LinuxLibc.shutdown(cs.errno, fd, how) == 0) {
                return;
            }
            int errno = LinuxLibc.errno(cs.errno);
            if (errno == Errno.ENOTCONN) {
                return;
            }
            if (errno != Errno.EINTR) {
                throw Errors.exception("shutdown", errno);
            }
        }
    }

    /**
     * Closes {@code fd}, ignoring errors: after close(2) the fd is released whatever it returns (Linux never leaves
     * it open on EINTR), so retrying could close a number some other thread was just given.
     */
    public static void closeQuietly(int fd) {
        LinuxLibc.close(CallState.current().errno, fd);
    }

    /** A non-blocking, close-on-exec pipe: {@code [read end, write end]}. */
    public static int[] pipe(CallState cs) throws IOException {
        retry("pipe2", cs, () -> LinuxLibc.pipe2(cs.errno, cs.ints, LinuxLibc.O_NONBLOCK | LinuxLibc.O_CLOEXEC));
        return new int[] {cs.ints.get(ValueLayout.JAVA_INT, 0), cs.ints.get(ValueLayout.JAVA_INT, Integer.BYTES)};
    }

    /** Bytes moved (0 at end of stream of {@code in}), or {@link Errors#WOULD_BLOCK}. */
    public static long splice(CallState cs, int in, int out, long length, int flags) throws IOException {
        long n;
        do {
            n = Errors.check("splice", LinuxLibc.splice(cs.errno, in, MemorySegment.NULL, out, MemorySegment.NULL,
                    length, flags), cs.errno);
        } while (n == Errors.INTERRUPTED);
        return n;
    }

    public static int fcntl(CallState cs, int fd, int command, int argument) throws IOException {
        return (int) retry("fcntl", cs, () -> LinuxLibc.fcntl(cs.errno, fd, command, argument));
    }

    public static int epollCreate(CallState cs) throws IOException {
        return (int) retry("epoll_create1", cs, () -> LinuxLibc.epoll_create1(cs.errno, LinuxLibc.EPOLL_CLOEXEC));
    }

    /** Adds, modifies or deletes {@code fd}'s registration, with {@code data} handed back in its events. */
    public static void epollControl(CallState cs, int epfd, int operation, int fd, int events, long data)
            throws IOException {
        EpollEvent.set(cs.event, 0, events, data);
        // Once per wait on the native transport: a plain loop, as for read and write, so nothing is allocated.
        while (Errors.check("epoll_ctl", LinuxLibc.epoll_ctl(cs.errno, epfd, operation, fd, cs.event), cs.errno)
                == Errors.INTERRUPTED) {
            // A signal arrived before the call did anything: call again.
        }
    }

    /** Bytes readable now without waiting (FIONREAD). */
    public static int available(CallState cs, int fd) throws IOException {
        // Once per burst in the copy pump: a plain loop, no capturing lambda.
        while (Errors.check("ioctl", LinuxLibc.ioctl(cs.errno, fd, LinuxLibc.FIONREAD, cs.ints), cs.errno)
                == Errors.INTERRUPTED) {
            // A signal arrived before the call did anything: call again.
        }
        return cs.ints.get(ValueLayout.JAVA_INT, 0);
    }

    /**
     * Reads into {@code buffer} from its position to its limit and advances the position; results as
     * {@link #read(CallState, int, MemorySegment, long)}. The buffer must be direct; its address is read from the
     * buffer itself (Agrona's {@link BufferUtil#address}), so a call allocates nothing, whichever pooled buffer it is.
     */
    public static long read(CallState cs, int fd, ByteBuffer buffer) throws IOException {
        long address = BufferUtil.address(buffer) + buffer.position();
        long length = buffer.remaining();
        long n;
        do {
            n = Errors.check("read", LinuxLibc.readAddress(cs.errno, fd, address, length), cs.errno);
        } while (n == Errors.INTERRUPTED);
        if (n > 0) {
            buffer.position(buffer.position() + (int) n);
        }
        return n == 0 && length > 0 ? END_OF_STREAM : n;
    }

    /** Writes from {@code buffer}'s position to its limit and advances the position; results as for a write. */
    public static long write(CallState cs, int fd, ByteBuffer buffer) throws IOException {
        long n;
        do {
            n = Errors.check("write", LinuxLibc.writeAddress(cs.errno, fd,
                    BufferUtil.address(buffer) + buffer.position(), buffer.remaining()), cs.errno);
        } while (n == Errors.INTERRUPTED);
        if (n > 0) {
            buffer.position(buffer.position() + (int) n);
        }
        return n;
    }

    /**
     * Waits up to {@code timeoutMillis} (-1: forever) for events. Only for platform poller threads: this call
     * blocks, and a virtual thread must never block in native code.
     *
     * @return the number of events written, 0 on timeout or when a signal interrupted the wait
     */
    public static int epollWait(CallState cs, int epfd, MemorySegment events, int maxEvents, int timeoutMillis)
            throws IOException {
        long n = Errors.check("epoll_wait", LinuxLibc.epoll_wait(cs.errno, epfd, events, maxEvents, timeoutMillis),
                cs.errno);
        return n == Errors.INTERRUPTED ? 0 : (int) n;
    }

    /** A non-blocking, close-on-exec eventfd, for waking a poller. */
    public static int eventfd(CallState cs) throws IOException {
        return (int) retry("eventfd", cs, () -> LinuxLibc.eventfd(cs.errno, 0,
                LinuxLibc.EFD_NONBLOCK | LinuxLibc.EFD_CLOEXEC));
    }

    @FunctionalInterface
    private interface Call {
        long invoke();
    }

    private static long retry(String name, CallState cs, Call call) throws IOException {
        while (true) {
            long result = Errors.check(name, call.invoke(), cs.errno);
            if (result != Errors.INTERRUPTED) {
                return result;
            }
        }
    }
}
