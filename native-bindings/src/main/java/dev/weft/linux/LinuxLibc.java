package dev.weft.linux;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * FFM bindings to the libc functions declared in {@code src/main/native/weft_linux.h}, in the shape jextract
 * generates: one holder class per function with its descriptor, address and handle, and one static method that
 * invokes it. Two deliberate differences from plain jextract output: every handle captures {@code errno} in the
 * same call ({@link Linker.Option#captureCallState}), so each method takes the capture segment first, and
 * {@code fcntl} is bound as variadic after its second argument. Results are raw: see {@link Errors} for their
 * meaning. None of these calls may block: every fd they are used on is non-blocking.
 */
public final class LinuxLibc {
    private LinuxLibc() {
    }

    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS;

    // Constants from the kernel's x86-64 and aarch64 ABI headers (identical on both).
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_SEQPACKET = 5;
    public static final int SCM_RIGHTS = 1;
    public static final int MSG_CMSG_CLOEXEC = 0x40000000;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_NOSIGNAL = 0x4000;
    /** {@code sizeof(((struct sockaddr_un *) 0)->sun_path)}; the path starts after the 2-byte family. */
    public static final int SUN_PATH_SIZE = 108;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_REUSEPORT = 15;
    public static final int SO_ERROR = 4;
    public static final int SO_LINGER = 13;
    public static final int IPPROTO_TCP = 6;
    public static final int TCP_NODELAY = 1;
    public static final int SO_KEEPALIVE = 9;
    public static final int TCP_KEEPIDLE = 4;
    public static final int TCP_KEEPINTVL = 5;
    public static final int TCP_KEEPCNT = 6;
    public static final int TCP_USER_TIMEOUT = 18;
    public static final int SHUT_RD = 0;
    public static final int SHUT_WR = 1;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_CLOEXEC = 0x80000;
    public static final int F_SETPIPE_SZ = 1031;
    public static final int F_GETPIPE_SZ = 1032;
    public static final int SPLICE_F_MOVE = 1;
    public static final int SPLICE_F_NONBLOCK = 2;
    public static final int EPOLL_CLOEXEC = 0x80000;
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLL_CTL_MOD = 3;
    public static final int EPOLLIN = 0x1;
    public static final int EPOLLOUT = 0x4;
    public static final int EPOLLERR = 0x8;
    public static final int EPOLLHUP = 0x10;
    public static final int EPOLLRDHUP = 0x2000;
    public static final int EPOLLONESHOT = 1 << 30;
    public static final int EPOLLET = 1 << 31;
    public static final int EFD_NONBLOCK = 0x800;
    public static final int EFD_CLOEXEC = 0x80000;
    public static final long FIONREAD = 0x541B;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup SYMBOLS = LINKER.defaultLookup();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    /** The layout of the segment each call writes {@code errno} into. */
    public static final MemoryLayout CAPTURE_STATE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_STATE_LAYOUT.varHandle(
            MemoryLayout.PathElement.groupElement("errno"));

    /** The errno a call captured into {@code state}. */
    public static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    static MemorySegment findOrThrow(String symbol) {
        return SYMBOLS.find(symbol).orElseThrow(() -> new UnsatisfiedLinkError("unresolved symbol: " + symbol));
    }

    @SuppressWarnings("restricted") // Weft runs with --enable-native-access; this is the one place that needs it.
    private static MethodHandle downcall(String symbol, FunctionDescriptor descriptor, Linker.Option... options) {
        Linker.Option[] all = new Linker.Option[options.length + 1];
        all[0] = CAPTURE_ERRNO;
        System.arraycopy(options, 0, all, 1, options.length);
        return LINKER.downcallHandle(findOrThrow(symbol), descriptor, all);
    }

    private static final class socket {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT);
        static final MethodHandle HANDLE = downcall("socket", DESC);
    }

    public static int socket(MemorySegment errno, int domain, int type, int protocol) {
        try {
            return (int) socket.HANDLE.invokeExact(errno, domain, type, protocol);
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static final class setsockopt {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall("setsockopt", DESC);
    }

    public static int setsockopt(MemorySegment errno, int sockfd, int level, int optname, MemorySegment optval, int optlen) {
        try {
            return (int) setsockopt.HANDLE.invokeExact(errno, sockfd, level, optname, optval, optlen);
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static final class getsockopt {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("getsockopt", DESC);
    }

    public static int getsockopt(MemorySegment errno, int sockfd, int level, int optname, MemorySegment optval, MemorySegment optlen) {
        try {
            return (int) getsockopt.HANDLE.invokeExact(errno, sockfd, level, optname, optval, optlen);
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static final class bind {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall("bind", DESC);
    }

    public static int bind(MemorySegment errno, int sockfd, MemorySegment addr, int addrlen) {
        try {
            return (int) bind.HANDLE.invokeExact(errno, sockfd, addr, addrlen);
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static final class listen {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT);
        static final MethodHandle HANDLE = downcall("listen", DESC);
    }

    public static int listen(MemorySegment errno, int sockfd, int backlog) {
        try {
            return (int) listen.HANDLE.invokeExact(errno, sockfd, backlog);
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static final class accept4 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall("accept4", DESC);
    }

    public static int accept4(MemorySegment errno, int sockfd, MemorySegment addr, MemorySegment addrlen, int flags) {
        try {
            return (int) accept4.HANDLE.invokeExact(errno, sockfd, addr, addrlen, flags);
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static final class connect {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall("connect", DESC);
    }

    public static int connect(MemorySegment errno, int sockfd, MemorySegment addr, int addrlen) {
        try {
            return (int) connect.HANDLE.invokeExact(errno, sockfd, addr, addrlen);
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static final class getsockname {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("getsockname", DESC);
    }

    public static int getsockname(MemorySegment errno, int sockfd, MemorySegment addr, MemorySegment addrlen) {
        try {
            return (int) getsockname.HANDLE.invokeExact(errno, sockfd, addr, addrlen);
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static final class getpeername {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("getpeername", DESC);
    }

    public static int getpeername(MemorySegment errno, int sockfd, MemorySegment addr, MemorySegment addrlen) {
        try {
            return (int) getpeername.HANDLE.invokeExact(errno, sockfd, addr, addrlen);
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static final class read {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG);
        static final MethodHandle HANDLE = downcall("read", DESC);
    }

    public static long read(MemorySegment errno, int fd, MemorySegment buf, long count) {
        try {
            return (long) read.HANDLE.invokeExact(errno, fd, buf, count);
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static final class write {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG);
        static final MethodHandle HANDLE = downcall("write", DESC);
    }

    public static long write(MemorySegment errno, int fd, MemorySegment buf, long count) {
        try {
            return (long) write.HANDLE.invokeExact(errno, fd, buf, count);
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static final class shutdown {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT);
        static final MethodHandle HANDLE = downcall("shutdown", DESC);
    }

    public static int shutdown(MemorySegment errno, int sockfd, int how) {
        try {
            return (int) shutdown.HANDLE.invokeExact(errno, sockfd, how);
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static final class sendto {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG, C_INT,
                C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall("sendto", DESC);
    }

    public static long sendto(MemorySegment errno, int sockfd, MemorySegment buf, long len, int flags,
                              MemorySegment destAddr, int addrlen) {
        try {
            return (long) sendto.HANDLE.invokeExact(errno, sockfd, buf, len, flags, destAddr, addrlen);
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static final class sendmsg {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall("sendmsg", DESC);
    }

    public static long sendmsg(MemorySegment errno, int sockfd, MemorySegment msg, int flags) {
        try {
            return (long) sendmsg.HANDLE.invokeExact(errno, sockfd, msg, flags);
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static final class recvmsg {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall("recvmsg", DESC);
    }

    public static long recvmsg(MemorySegment errno, int sockfd, MemorySegment msg, int flags) {
        try {
            return (long) recvmsg.HANDLE.invokeExact(errno, sockfd, msg, flags);
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static final class close {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT);
        static final MethodHandle HANDLE = downcall("close", DESC);
    }

    public static int close(MemorySegment errno, int fd) {
        try {
            return (int) close.HANDLE.invokeExact(errno, fd);
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static final class pipe2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall("pipe2", DESC);
    }

    public static int pipe2(MemorySegment errno, MemorySegment pipefd, int flags) {
        try {
            return (int) pipe2.HANDLE.invokeExact(errno, pipefd, flags);
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static final class splice {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_INT, C_POINTER, C_LONG, C_INT);
        static final MethodHandle HANDLE = downcall("splice", DESC);
    }

    public static long splice(MemorySegment errno, int fdIn, MemorySegment offIn, int fdOut, MemorySegment offOut, long len, int flags) {
        try {
            return (long) splice.HANDLE.invokeExact(errno, fdIn, offIn, fdOut, offOut, len, flags);
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static final class fcntl {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT);
        static final MethodHandle HANDLE = downcall("fcntl", DESC, Linker.Option.firstVariadicArg(2));
    }

    public static int fcntl(MemorySegment errno, int fd, int cmd, int arg) {
        try {
            return (int) fcntl.HANDLE.invokeExact(errno, fd, cmd, arg);
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static final class epoll_create1 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT);
        static final MethodHandle HANDLE = downcall("epoll_create1", DESC);
    }

    public static int epoll_create1(MemorySegment errno, int flags) {
        try {
            return (int) epoll_create1.HANDLE.invokeExact(errno, flags);
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static final class epoll_ctl {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("epoll_ctl", DESC);
    }

    public static int epoll_ctl(MemorySegment errno, int epfd, int op, int fd, MemorySegment event) {
        try {
            return (int) epoll_ctl.HANDLE.invokeExact(errno, epfd, op, fd, event);
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static final class epoll_wait {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT, C_INT);
        static final MethodHandle HANDLE = downcall("epoll_wait", DESC);
    }

    public static int epoll_wait(MemorySegment errno, int epfd, MemorySegment events, int maxevents, int timeout) {
        try {
            return (int) epoll_wait.HANDLE.invokeExact(errno, epfd, events, maxevents, timeout);
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static final class eventfd {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT);
        static final MethodHandle HANDLE = downcall("eventfd", DESC);
    }

    public static int eventfd(MemorySegment errno, int initval, int flags) {
        try {
            return (int) eventfd.HANDLE.invokeExact(errno, initval, flags);
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static final class ioctl {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_LONG, C_POINTER);
        static final MethodHandle HANDLE = downcall("ioctl", DESC, Linker.Option.firstVariadicArg(2));
    }

    public static int ioctl(MemorySegment errno, int fd, long request, MemorySegment argp) {
        try {
            return (int) ioctl.HANDLE.invokeExact(errno, fd, request, argp);
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    // Hot-path variants of read and write that take the buffer as a raw address (a pointer is a 64-bit integer
    // in the LP64 ABIs Weft runs on), so that a call on part of a buffer needs no new MemorySegment.

    private static final class readAddress {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_LONG, C_LONG);
        static final MethodHandle HANDLE = downcall("read", DESC);
    }

    public static long readAddress(MemorySegment errno, int fd, long buf, long count) {
        try {
            return (long) readAddress.HANDLE.invokeExact(errno, fd, buf, count);
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static final class writeAddress {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_LONG, C_LONG);
        static final MethodHandle HANDLE = downcall("write", DESC);
    }

    public static long writeAddress(MemorySegment errno, int fd, long buf, long count) {
        try {
            return (long) writeAddress.HANDLE.invokeExact(errno, fd, buf, count);
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    private static final class strerror {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall("strerror", DESC);
    }

    /** The text for {@code errnum}; the C library owns the string. */
    public static MemorySegment strerror(MemorySegment errno, int errnum) {
        try {
            return (MemorySegment) strerror.HANDLE.invokeExact(errno, errnum);
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }

    // glibc 2.32 and later only (musl has none): looked up lazily, and callers ask hasStrerrorname() first.

    private static final class strerrorname_np {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_INT);
        static final MethodHandle HANDLE = SYMBOLS.find("strerrorname_np").isPresent()
                ? downcall("strerrorname_np", DESC) : null;
    }

    /** Whether this C library has {@link #strerrorname_np}. */
    public static boolean hasStrerrorname() {
        return strerrorname_np.HANDLE != null;
    }

    /** The symbolic name of {@code errnum}, {@code "ECONNREFUSED"}, or NULL for an unknown one. */
    public static MemorySegment strerrorname_np(MemorySegment errno, int errnum) {
        try {
            return (MemorySegment) strerrorname_np.HANDLE.invokeExact(errno, errnum);
        } catch (Throwable e) {
            throw new AssertionError("should not reach here", e);
        }
    }
}
