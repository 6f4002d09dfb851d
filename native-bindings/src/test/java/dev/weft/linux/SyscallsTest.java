package dev.weft.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every binding against the real kernel, on loopback, including its error paths. */
class SyscallsTest {
    private final CallState cs = new CallState();
    private final Arena arena = Arena.ofConfined();
    private final List<Integer> fds = new ArrayList<>();

    @AfterEach
    void closeAll() {
        fds.forEach(Syscalls::closeQuietly);
        arena.close();
    }

    private int track(int fd) {
        fds.add(fd);
        return fd;
    }

    private int listener() throws IOException {
        int server = track(Syscalls.socket(cs, LinuxLibc.AF_INET));
        Syscalls.setInt(cs, server, LinuxLibc.SOL_SOCKET, LinuxLibc.SO_REUSEADDR, 1);
        Syscalls.bind(cs, server, new InetSocketAddress("127.0.0.1", 0));
        Syscalls.listen(cs, server, 16);
        return server;
    }

    /** Waits for {@code events} on {@code fd} with epoll, as a poller thread would. */
    private int await(int fd, int events) throws IOException {
        int epfd = track(Syscalls.epollCreate(cs));
        Syscalls.epollControl(cs, epfd, LinuxLibc.EPOLL_CTL_ADD, fd, events, 42);
        MemorySegment ready = arena.allocate(EpollEvent.LAYOUT, 4);
        int n = Syscalls.epollWait(cs, epfd, ready, 4, 10_000);
        assertEquals(1, n, "one fd became ready");
        assertEquals(42, EpollEvent.data(ready, 0), "epoll hands back the registered data");
        return EpollEvent.events(ready, 0);
    }

    private int[] connectedPair() throws IOException {
        int server = listener();
        InetSocketAddress address = Syscalls.localAddress(cs, server);
        int client = track(Syscalls.socket(cs, LinuxLibc.AF_INET));
        while (!Syscalls.connect(cs, client, address)) {
            await(client, LinuxLibc.EPOLLOUT);
        }
        await(server, LinuxLibc.EPOLLIN);
        int accepted = track(Syscalls.accept(cs, server));
        assertTrue(accepted >= 0);
        assertEquals(Syscalls.localAddress(cs, client), Syscalls.remoteAddress(cs, accepted));
        assertEquals(Syscalls.remoteAddress(cs, client), Syscalls.localAddress(cs, accepted));
        return new int[] {client, accepted};
    }

    private MemorySegment text(String value) {
        return arena.allocateFrom(value, StandardCharsets.US_ASCII).asSlice(0, value.length());
    }

    @Test
    void bytesWrittenOnOneSideAreReadOnTheOtherAndShutdownIsSeenAsEndOfStream() throws IOException {
        int[] pair = connectedPair();
        assertEquals(5, Syscalls.write(cs, pair[0], text("hello"), 5));
        await(pair[1], LinuxLibc.EPOLLIN);
        MemorySegment buffer = arena.allocate(64);
        assertEquals(5, Syscalls.read(cs, pair[1], buffer, 64));
        assertEquals("hello", buffer.getString(0, StandardCharsets.US_ASCII).substring(0, 5));

        Syscalls.shutdown(cs, pair[0], LinuxLibc.SHUT_WR);
        await(pair[1], LinuxLibc.EPOLLIN);
        assertEquals(Syscalls.END_OF_STREAM, Syscalls.read(cs, pair[1], buffer, 64));
    }

    @Test
    void shuttingDownASocketThatIsNoLongerConnectedIsNotAFailure() throws IOException {
        int fd = Syscalls.socket(cs, LinuxLibc.AF_INET);
        try {
            // ENOTCONN, as after the peer's reset: nothing is left to shut down, and shutdown says nothing.
            Syscalls.shutdown(cs, fd, LinuxLibc.SHUT_WR);
            assertThrows(NativeIOException.class, () -> Syscalls.shutdown(cs, fd, 7), "EINVAL is still an error");
        } finally {
            Syscalls.closeQuietly(fd);
        }
    }

    @Test
    void byteBuffersAreReadAndWrittenFromTheirPositionAndAvailableCountsWhatWaits() throws IOException {
        int[] pair = connectedPair();
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocateDirect(32)
                .put("xxhello".getBytes(StandardCharsets.US_ASCII));
        out.flip().position(2);
        assertEquals(5, Syscalls.write(cs, pair[0], out));
        assertEquals(7, out.position());
        await(pair[1], LinuxLibc.EPOLLIN);
        assertEquals(5, Syscalls.available(cs, pair[1]));
        java.nio.ByteBuffer in = java.nio.ByteBuffer.allocateDirect(32).position(3);
        assertEquals(5, Syscalls.read(cs, pair[1], in));
        assertEquals(8, in.position());
        byte[] got = new byte[5];
        in.get(3, got);
        assertEquals("hello", new String(got, StandardCharsets.US_ASCII));
        assertEquals(0, Syscalls.available(cs, pair[1]));
        java.nio.ByteBuffer slice = java.nio.ByteBuffer.allocateDirect(64).slice(16, 16);
        assertEquals(2, Syscalls.write(cs, pair[0], slice.put("ok".getBytes(StandardCharsets.US_ASCII)).flip()));
        await(pair[1], LinuxLibc.EPOLLIN);
        assertEquals(2, Syscalls.read(cs, pair[1], in.clear()), "a slice of a slab is written from its own offset");
        assertEquals("ok", StandardCharsets.US_ASCII.decode(in.flip()).toString());
        assertThrows(IllegalArgumentException.class, () -> Syscalls.read(cs, pair[1], java.nio.ByteBuffer.allocate(4)),
                "a heap buffer has no native address");
    }

    @Test
    void readingAnEmptyNonBlockingSocketWouldBlock() throws IOException {
        int[] pair = connectedPair();
        assertEquals(Errors.WOULD_BLOCK, Syscalls.read(cs, pair[1], arena.allocate(16), 16));
        assertEquals(Errors.WOULD_BLOCK, Syscalls.accept(cs, listener()));
    }

    @Test
    void connectingToAClosedPortReportsConnectionRefused() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        int client = track(Syscalls.socket(cs, LinuxLibc.AF_INET));
        InetSocketAddress closed = new InetSocketAddress("127.0.0.1", port);
        NativeConnectException refused = assertThrows(NativeConnectException.class, () -> {
            if (!Syscalls.connect(cs, client, closed)) {
                await(client, LinuxLibc.EPOLLOUT);
                Syscalls.connect(cs, client, closed);
            }
        });
        assertEquals(Errno.ECONNREFUSED, refused.errno());
        assertEquals("Connection refused (ECONNREFUSED)", refused.getMessage(), "the reason, as the JDK's own says it");
    }

    @Test
    void askingConnectAgainTellsAFinishedConnectFromOneInProgress() throws IOException {
        int server = listener();
        InetSocketAddress address = Syscalls.localAddress(cs, server);
        int client = track(Syscalls.socket(cs, LinuxLibc.AF_INET));
        boolean connected = Syscalls.connect(cs, client, address);
        if (!connected) {
            await(client, LinuxLibc.EPOLLOUT);
        }
        assertTrue(Syscalls.connect(cs, client, address), "EISCONN once connected");
    }

    @Test
    void callsOnABadDescriptorNameTheCallAndTheErrno() {
        NativeClosedException e = assertThrows(NativeClosedException.class, () -> Syscalls.listen(cs, 1_000_000, 1));
        assertEquals("listen: Bad file descriptor (EBADF)", e.getMessage());
        assertThrows(java.nio.channels.ClosedChannelException.class, () -> Syscalls.bind(cs, 1_000_000,
                new InetSocketAddress("127.0.0.1", 0)));
    }

    @Test
    void aPortInUseIsEaddrinuse() throws IOException {
        InetSocketAddress taken = Syscalls.localAddress(cs, listener());
        int second = track(Syscalls.socket(cs, LinuxLibc.AF_INET));
        NativeBindException e = assertThrows(NativeBindException.class, () -> Syscalls.bind(cs, second, taken));
        assertEquals(Errno.EADDRINUSE, e.errno());
        assertEquals("Address already in use (EADDRINUSE)", e.getMessage());
    }

    @Test
    void socketOptionsRoundTrip() throws IOException {
        int[] pair = connectedPair();
        Syscalls.setInt(cs, pair[0], LinuxLibc.IPPROTO_TCP, LinuxLibc.TCP_NODELAY, 1);
        assertEquals(1, Syscalls.getInt(cs, pair[0], LinuxLibc.IPPROTO_TCP, LinuxLibc.TCP_NODELAY));
        assertEquals(0, Syscalls.getInt(cs, pair[0], LinuxLibc.SOL_SOCKET, LinuxLibc.SO_ERROR));
    }

    @Test
    void lingerZeroMakesCloseAReset() throws IOException {
        int[] pair = connectedPair();
        Syscalls.setLingerZero(cs, pair[0]);
        Syscalls.closeQuietly(pair[0]);
        fds.remove((Integer) pair[0]);
        await(pair[1], LinuxLibc.EPOLLIN);
        NativeResetException reset = assertThrows(NativeResetException.class,
                () -> Syscalls.read(cs, pair[1], arena.allocate(16), 16));
        assertEquals(Errno.ECONNRESET, reset.errno());
        assertEquals("read: Connection reset by peer (ECONNRESET)", reset.getMessage());
        assertEquals(0, reset.getStackTrace().length, "a reset is routine: no stack walk");
        assertInstanceOf(java.net.SocketException.class, reset);
    }

    @Test
    void spliceMovesSocketBytesThroughAPipeToAnotherSocket() throws IOException {
        int[] in = connectedPair();
        int[] out = connectedPair();
        int[] pipe = Syscalls.pipe(cs);
        track(pipe[0]);
        track(pipe[1]);
        Syscalls.fcntl(cs, pipe[1], LinuxLibc.F_SETPIPE_SZ, 1 << 16);
        assertEquals(1 << 16, Syscalls.fcntl(cs, pipe[1], LinuxLibc.F_GETPIPE_SZ, 0));

        byte[] payload = "spliced without a copy".getBytes(StandardCharsets.US_ASCII);
        Syscalls.write(cs, in[0], arena.allocateFrom(ValueLayout.JAVA_BYTE, payload), payload.length);
        await(in[1], LinuxLibc.EPOLLIN);
        int flags = LinuxLibc.SPLICE_F_MOVE | LinuxLibc.SPLICE_F_NONBLOCK;
        assertEquals(payload.length, Syscalls.splice(cs, in[1], pipe[1], 1 << 16, flags));
        assertEquals(Errors.WOULD_BLOCK, Syscalls.splice(cs, in[1], pipe[1], 1 << 16, flags), "socket drained");
        assertEquals(payload.length, Syscalls.splice(cs, pipe[0], out[0], payload.length, flags));

        await(out[1], LinuxLibc.EPOLLIN);
        MemorySegment received = arena.allocate(64);
        assertEquals(payload.length, Syscalls.read(cs, out[1], received, 64));
        assertArrayEquals(payload, received.asSlice(0, payload.length).toArray(ValueLayout.JAVA_BYTE));
    }

    @Test
    void anEventfdWakesAnEpollWaiter() throws IOException {
        int wake = track(Syscalls.eventfd(cs));
        MemorySegment one = arena.allocate(ValueLayout.JAVA_LONG);
        one.set(ValueLayout.JAVA_LONG, 0, 1);
        assertEquals(8, Syscalls.write(cs, wake, one, 8));
        assertTrue((await(wake, LinuxLibc.EPOLLIN) & LinuxLibc.EPOLLIN) != 0);
        assertEquals(8, Syscalls.read(cs, wake, one, 8));
        assertEquals(Errors.WOULD_BLOCK, Syscalls.read(cs, wake, one, 8), "the counter was consumed");
    }

    @Test
    void anEpollWaitTimesOutWithNoEvents() throws IOException {
        int epfd = track(Syscalls.epollCreate(cs));
        assertEquals(0, Syscalls.epollWait(cs, epfd, arena.allocate(EpollEvent.LAYOUT, 1), 1, 10));
    }

    @Test
    void ipv6LoopbackWorksEndToEnd() throws IOException {
        int server = track(Syscalls.socket(cs, LinuxLibc.AF_INET6));
        Syscalls.bind(cs, server, new InetSocketAddress("::1", 0));
        Syscalls.listen(cs, server, 4);
        InetSocketAddress address = Syscalls.localAddress(cs, server);
        assertEquals(InetAddress.getByName("::1"), address.getAddress());
        int client = track(Syscalls.socket(cs, LinuxLibc.AF_INET6));
        while (!Syscalls.connect(cs, client, address)) {
            await(client, LinuxLibc.EPOLLOUT);
        }
        assertEquals(address, Syscalls.remoteAddress(cs, client));
    }

    @Test
    void aCloseDuringACallReleasesTheNumberOnlyWhenTheCallEnds() throws IOException {
        int fd = Syscalls.socket(cs, LinuxLibc.AF_INET);
        FileDescriptor descriptor = new FileDescriptor(fd);
        assertTrue(descriptor.acquire());
        assertTrue(descriptor.close(() -> { }));
        assertFalse(descriptor.acquire(), "no new call after close");
        assertEquals(0, Syscalls.getInt(cs, fd, LinuxLibc.SOL_SOCKET, LinuxLibc.SO_ERROR),
                "the number is still ours while a call is in flight");
        descriptor.release();
        NativeClosedException closed = assertThrows(NativeClosedException.class, () -> Syscalls.listen(cs, fd, 1));
        assertEquals(Errno.EBADF, closed.errno(), "released by the last call");
    }

    @Test
    void aDescriptorClosesExactlyOnce() throws IOException {
        int fd = Syscalls.socket(cs, LinuxLibc.AF_INET);
        FileDescriptor descriptor = new FileDescriptor(fd);
        int[] deregistered = new int[1];
        assertTrue(descriptor.markOutputShut());
        assertFalse(descriptor.markOutputShut(), "already shut");
        assertTrue(descriptor.isOutputShut() && !descriptor.isInputShut());
        assertTrue(descriptor.close(() -> deregistered[0]++));
        assertFalse(descriptor.close(() -> deregistered[0]++), "a second close does nothing");
        assertEquals(1, deregistered[0]);
        assertFalse(descriptor.isOpen());
        assertFalse(descriptor.markInputShut(), "nothing changes after close");
        NativeClosedException closed = assertThrows(NativeClosedException.class, () -> Syscalls.listen(cs, fd, 1));
        assertEquals(Errno.EBADF, closed.errno());
    }

    @Test
    void anAddressNotOnThisHostIsNamedInWordsNotAsANumber() throws IOException {
        int socket = track(Syscalls.socket(cs, LinuxLibc.AF_INET));
        // 192.0.2.1 (TEST-NET-1) is on no interface here: bind fails with EADDRNOTAVAIL, once shown as "errno 99".
        NativeBindException e = assertThrows(NativeBindException.class,
                () -> Syscalls.bind(cs, socket, new InetSocketAddress("192.0.2.1", 0)));
        assertEquals(Errno.EADDRNOTAVAIL, e.errno());
        assertEquals("Cannot assign requested address (EADDRNOTAVAIL)", e.getMessage());
    }

    @Test
    void everyErrnoIsDescribedByTheCLibraryAndOthersByNumber() {
        assertEquals("Too many open files (EMFILE)", Errno.describe(Errno.EMFILE));
        assertEquals("Broken pipe (EPIPE)", Errno.describe(Errno.EPIPE));
        assertEquals("errno 0", Errno.describe(0));
        assertEquals("errno 99999", Errno.describe(99_999));
        assertTrue(Errno.describe(4000).contains("4000"), Errno.describe(4000));
    }
}
