package dev.weft.linux;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * A connected Unix {@code SOCK_SEQPACKET} socket that carries messages with file descriptors attached
 * ({@code SCM_RIGHTS}), which the JDK's Unix channels cannot: how a process hands its sockets to the one that
 * replaces it. Each {@link #send} is one message, received whole by one {@link #receive}, with its descriptors,
 * which arrive close-on-exec. The socket blocks, with a timeout on both directions: call it from platform threads
 * only, never from a virtual thread.
 */
public final class FdChannel implements AutoCloseable {
    /** The longest message. */
    public static final int MAX_PAYLOAD = 64 * 1024;
    /** The most descriptors one message carries. */
    public static final int MAX_FDS = 64;

    // struct iovec, struct msghdr and struct cmsghdr on LP64 Linux (x86_64, aarch64).
    private static final long IOVEC_SIZE = 16;
    private static final long MSGHDR_SIZE = 56;
    private static final long MSG_IOV = 16;
    private static final long MSG_IOVLEN = 24;
    private static final long MSG_CONTROL = 32;
    private static final long MSG_CONTROLLEN = 40;
    private static final long MSG_FLAGS = 48;
    private static final long CMSG_HEADER = 16;
    private static final int MSG_CTRUNC = 0x8;
    private static final int SO_RCVTIMEO = 20;
    private static final int SO_SNDTIMEO = 21;

    /** One message: its bytes and the descriptors that came with it, now this process's to close. */
    public record Message(byte[] payload, int[] fds) {
    }

    private final int fd;
    private volatile boolean closed;

    private FdChannel(int fd) {
        this.fd = fd;
    }

    /** A listening socket at {@code path}, which must not exist. */
    public static Server listen(Path path) throws IOException {
        return addressed(path, (errno, fd, address, length) -> {
            Errors.check("bind", LinuxLibc.bind(errno, fd, address, length), errno);
            Errors.check("listen", LinuxLibc.listen(errno, fd, 4), errno);
            return new Server(fd);
        });
    }

    /** Connects to the listening socket at {@code path}. */
    public static FdChannel connect(Path path, Duration timeout) throws IOException {
        return addressed(path, (errno, fd, address, length) -> {
            long result;
            do {
                result = Errors.check("connect", LinuxLibc.connect(errno, fd, address, length), errno);
            } while (result == Errors.INTERRUPTED);
            FdChannel channel = new FdChannel(fd);
            channel.timeouts(timeout);
            return channel;
        });
    }

    /** What is done with a new socket and the address of {@code path}. */
    @FunctionalInterface
    private interface AddressedUse<T> {
        T use(MemorySegment errno, int fd, MemorySegment address, int length) throws IOException;
    }

    /** A new socket and {@code path} as its address, for {@code use}; the socket is closed if it fails. */
    private static <T> T addressed(Path path, AddressedUse<T> use) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(LinuxLibc.CAPTURE_STATE_LAYOUT);
            int fd = socket(errno);
            try {
                MemorySegment address = arena.allocate(UnixDatagram.ADDRESS_SIZE, 2);
                return use.use(errno, fd, address, UnixDatagram.writeAddress(path.toString(), address));
            } catch (IOException e) {
                LinuxLibc.close(errno, fd);
                throw e;
            }
        }
    }

    private static int socket(MemorySegment errno) throws IOException {
        return (int) Errors.check("socket", LinuxLibc.socket(errno, LinuxLibc.AF_UNIX,
                LinuxLibc.SOCK_SEQPACKET | LinuxLibc.SOCK_CLOEXEC, 0), errno);
    }

    /** Sends and receives give up after {@code timeout} (SO_SNDTIMEO, SO_RCVTIMEO); zero waits for ever. */
    public void timeouts(Duration timeout) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(LinuxLibc.CAPTURE_STATE_LAYOUT);
            MemorySegment timeval = arena.allocate(16, 8);
            timeval.set(ValueLayout.JAVA_LONG, 0, timeout.toSeconds());
            timeval.set(ValueLayout.JAVA_LONG, 8, timeout.toNanosPart() / 1000);
            for (int option : new int[] {SO_RCVTIMEO, SO_SNDTIMEO}) {
                Errors.check("setsockopt", LinuxLibc.setsockopt(errno, fd, LinuxLibc.SOL_SOCKET, option, timeval,
                        16), errno);
            }
        }
    }

    /** Sends {@code payload} with {@code fds} attached; the fds stay this process's too, until it closes them. */
    public synchronized void send(byte[] payload, int... fds) throws IOException {
        if (payload.length == 0 || payload.length > MAX_PAYLOAD || fds.length > MAX_FDS) {
            throw new IllegalArgumentException(payload.length + " bytes and " + fds.length + " fds");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(LinuxLibc.CAPTURE_STATE_LAYOUT);
            MemorySegment data = arena.allocate(payload.length);
            MemorySegment.copy(payload, 0, data, ValueLayout.JAVA_BYTE, 0, payload.length);
            MemorySegment control = fds.length == 0 ? MemorySegment.NULL : arena.allocate(controlSpace(fds.length), 8);
            if (fds.length > 0) {
                control.set(ValueLayout.JAVA_LONG, 0, CMSG_HEADER + 4L * fds.length);
                control.set(ValueLayout.JAVA_INT, 8, LinuxLibc.SOL_SOCKET);
                control.set(ValueLayout.JAVA_INT, 12, LinuxLibc.SCM_RIGHTS);
                for (int i = 0; i < fds.length; i++) {
                    control.set(ValueLayout.JAVA_INT, CMSG_HEADER + 4L * i, fds[i]);
                }
            }
            MemorySegment message = header(arena, data, payload.length, control,
                    fds.length == 0 ? 0 : controlSpace(fds.length));
            long sent;
            do {
                sent = Errors.check("sendmsg", LinuxLibc.sendmsg(errno, fd, message, LinuxLibc.MSG_NOSIGNAL), errno);
            } while (sent == Errors.INTERRUPTED);
            if (sent == Errors.WOULD_BLOCK) {
                throw new IOException("sendmsg: timed out");
            }
        }
    }

    /** The next message, or null once the peer has closed. */
    public synchronized Message receive() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(LinuxLibc.CAPTURE_STATE_LAYOUT);
            MemorySegment data = arena.allocate(MAX_PAYLOAD);
            long space = controlSpace(MAX_FDS);
            MemorySegment control = arena.allocate(space, 8);
            MemorySegment message = header(arena, data, MAX_PAYLOAD, control, space);
            long got;
            do {
                got = Errors.check("recvmsg", LinuxLibc.recvmsg(errno, fd, message, LinuxLibc.MSG_CMSG_CLOEXEC),
                        errno);
            } while (got == Errors.INTERRUPTED);
            if (got == Errors.WOULD_BLOCK) {
                throw new IOException("recvmsg: timed out");
            }
            int[] fds = fdsOf(control, message.get(ValueLayout.JAVA_LONG, MSG_CONTROLLEN));
            if ((message.get(ValueLayout.JAVA_INT, MSG_FLAGS) & MSG_CTRUNC) != 0) {
                closeAll(fds);
                throw new IOException("recvmsg: more descriptors than " + MAX_FDS + "; dropped");
            }
            if (got == 0) {
                closeAll(fds);
                return null;
            }
            return new Message(data.asSlice(0, got).toArray(ValueLayout.JAVA_BYTE), fds);
        }
    }

    private static int[] fdsOf(MemorySegment control, long length) {
        int[] fds = new int[0];
        long at = 0;
        while (at + CMSG_HEADER <= length) {
            long cmsgLength = control.get(ValueLayout.JAVA_LONG, at);
            int level = control.get(ValueLayout.JAVA_INT, at + 8);
            int type = control.get(ValueLayout.JAVA_INT, at + 12);
            if (cmsgLength < CMSG_HEADER) {
                break;
            }
            if (level == LinuxLibc.SOL_SOCKET && type == LinuxLibc.SCM_RIGHTS) {
                int count = (int) ((cmsgLength - CMSG_HEADER) / 4);
                int base = fds.length;
                fds = Arrays.copyOf(fds, base + count);
                for (int i = 0; i < count; i++) {
                    fds[base + i] = control.get(ValueLayout.JAVA_INT, at + CMSG_HEADER + 4L * i);
                }
            }
            at += (cmsgLength + 7) & ~7L;
        }
        return fds;
    }

    private static long controlSpace(int fds) {
        return CMSG_HEADER + ((4L * fds + 7) & ~7L);
    }

    private static MemorySegment header(Arena arena, MemorySegment data, long length, MemorySegment control,
                                        long controlLength) {
        MemorySegment iov = arena.allocate(IOVEC_SIZE, 8);
        iov.set(ValueLayout.ADDRESS, 0, data);
        iov.set(ValueLayout.JAVA_LONG, 8, length);
        MemorySegment message = arena.allocate(MSGHDR_SIZE, 8);
        message.set(ValueLayout.ADDRESS, MSG_IOV, iov);
        message.set(ValueLayout.JAVA_LONG, MSG_IOVLEN, 1);
        message.set(ValueLayout.ADDRESS, MSG_CONTROL, control);
        message.set(ValueLayout.JAVA_LONG, MSG_CONTROLLEN, controlLength);
        return message;
    }

    /** Closes descriptors this process received and does not want. */
    public static void closeAll(int... fds) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(LinuxLibc.CAPTURE_STATE_LAYOUT);
            for (int each : fds) {
                LinuxLibc.close(errno, each);
            }
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeAll(fd);
        }
    }

    /** A listening {@link FdChannel} socket. */
    public static final class Server implements AutoCloseable {
        private final int fd;
        private volatile boolean closed;

        private Server(int fd) {
            this.fd = fd;
        }

        /** Waits for one peer; {@link #close} from another thread ends the wait with an exception. */
        public FdChannel accept(Duration timeout) throws IOException {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment errno = arena.allocate(LinuxLibc.CAPTURE_STATE_LAYOUT);
                long result;
                do {
                    result = Errors.check("accept4", LinuxLibc.accept4(errno, fd, MemorySegment.NULL,
                            MemorySegment.NULL, LinuxLibc.SOCK_CLOEXEC), errno);
                } while (result == Errors.INTERRUPTED && !closed);
                if (result < 0) {
                    throw new IOException("accept4: closed");
                }
                FdChannel channel = new FdChannel((int) result);
                channel.timeouts(timeout);
                return channel;
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment errno = arena.allocate(LinuxLibc.CAPTURE_STATE_LAYOUT);
                    // shutdown wakes a thread blocked in accept4; close alone does not.
                    LinuxLibc.shutdown(errno, fd, 2);
                    LinuxLibc.close(errno, fd);
                }
            }
        }
    }
}
