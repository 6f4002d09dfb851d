package dev.weft.transport.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.linux.CallState;
import dev.weft.linux.Errno;
import dev.weft.linux.LinuxLibc;
import dev.weft.linux.NativeIOException;
import dev.weft.linux.Syscalls;
import dev.weft.testkit.Await;
import dev.weft.testkit.IoMode;
import dev.weft.testkit.LogCapture;
import dev.weft.testkit.Ports;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.WeftFixture;
import dev.weft.transport.BufferPool;
import dev.weft.transport.PumpException;
import dev.weft.transport.ServerEndpoint;
import dev.weft.transport.StreamConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NativeTransportTest {
    private static final long SIXTY_FOUR_MIB = 64L << 20;

    @Test
    void sixtyFourMebibytesReallyGoThroughSplice() throws Exception {
        CompletableFuture<Streams.Digest> received = new CompletableFuture<>();
        try (TestServer sink = TestServer.start(channel -> received.complete(Streams.receive(channel)));
             WeftFixture weft = WeftFixture.proxyTo(IoMode.NATIVE_SPLICE, "", sink.hostPort());
             SocketChannel client = weft.connect()) {
            NativeTransport transport = (NativeTransport) weft.server().transport();
            long before = transport.splicedBytes();
            Streams.Digest sent = Streams.send(client, 7, SIXTY_FOUR_MIB);
            client.shutdownOutput();
            assertEquals(sent, received.get(60, TimeUnit.SECONDS));
            long spliced = transport.splicedBytes() - before;
            assertTrue(spliced >= SIXTY_FOUR_MIB * 9 / 10, "spliced " + spliced + " of " + SIXTY_FOUR_MIB + " bytes");
        }
    }

    @Test
    void pipesAreAsLargeAsTheKernelAllows() throws IOException {
        int maximum = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/fs/pipe-max-size")).getFirst().strip());
        try (PipePool pool = new PipePool(1 << 20, 4)) {
            PipePool.Pipe pipe = pool.acquire();
            assertEquals(Math.min(1 << 20, maximum), pool.size());
            assertEquals(pool.size(), Syscalls.fcntl(CallState.current(), pipe.writeFd(), LinuxLibc.F_GETPIPE_SZ, 0));
            pool.release(pipe);
            assertEquals(1, pool.idle());
        }
    }

    @Test
    void tenThousandConnectionsIncludingFailedConnectsLeakNoDescriptor() throws Exception {
        String refusing = "127.0.0.1:" + Ports.closed();
        try (TestServer echo = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.proxyTo(IoMode.NATIVE_SPLICE, "balancing = round-robin",
                     refusing, echo.hostPort())) {
            NativeTransport transport = (NativeTransport) weft.server().transport();
            exchange(weft, 200);
            long before = openDescriptors() - 2L * transport.pooledPipes();
            exchange(weft, 10_000);
            Await.until(() -> weft.server().listeners().getFirst().activeSessions() == 0, Duration.ofSeconds(30),
                    () -> "every session closed");
            Await.until(() -> echo.accepted() == 10_200 && openDescriptors() - 2L * transport.pooledPipes() <= before,
                    Duration.ofSeconds(30), () -> "descriptors back to " + before + ", now "
                            + (openDescriptors() - 2L * transport.pooledPipes()));
            long after = openDescriptors() - 2L * transport.pooledPipes();
            assertTrue(after <= before, "open descriptors grew from " + before + " to " + after);
        }
    }

    @Test
    void withoutPipesAFullFdTableCopiesTheStreamWarnsOnceAndCountsNoFault() throws Exception {
        // pipe2 failing with EMFILE, as it does with connections near the fd limit.
        PipePool noPipes = new PipePool(1 << 16, 4, cs -> {
            throw new NativeIOException("pipe2", Errno.EMFILE);
        });
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        try (LogCapture log = LogCapture.attach();
             NativeTransport transport = new NativeTransport(new BufferPool(2048, 16), new BufferPool(64 << 10, 16),
                     1, true, noPipes);
             ServerEndpoint front = transport.listen(loopback, 16, false);
             ServerSocketChannel sinks = ServerSocketChannel.open().bind(loopback)) {
            for (int round = 0; round < 2; round++) {
                try (SocketChannel client = SocketChannel.open(front.localAddress());
                     StreamConnection accepted = front.accept()) {
                    CompletableFuture<Throwable> pumped = new CompletableFuture<>();
                    accepted.newThread("pump", () -> {
                        try (StreamConnection backend = transport.connect((InetSocketAddress) sinks.getLocalAddress(),
                                Duration.ofSeconds(5))) {
                            transport.pump().run(accepted, backend, bytes -> { });
                            backend.shutdownOutput();
                            pumped.complete(null);
                        } catch (IOException | PumpException e) {
                            pumped.complete(e);
                        }
                    }).start();
                    try (SocketChannel sink = sinks.accept()) {
                        CompletableFuture<Streams.Digest> received = CompletableFuture.supplyAsync(() -> {
                            try {
                                return Streams.receive(sink);
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        });
                        Streams.Digest sent = Streams.send(client, 11 + round, 16L << 20);
                        client.shutdownOutput();
                        assertEquals(sent, received.get(60, TimeUnit.SECONDS), "every byte, in order");
                    }
                    assertEquals(null, pumped.get(60, TimeUnit.SECONDS), "the pump ended at the end of stream");
                }
            }
            assertEquals(0, transport.splicedBytes(), "nothing spliced without a pipe");
            assertTrue(noPipes.copiedForLack() >= 2, "bursts copied: " + noPipes.copiedForLack());
            assertEquals(1, log.count(line -> line.startsWith("WARNING cannot create a splice pipe (pipe2: Too many"
                    + " open files (EMFILE)); copying")), log.lines().toString());
        }
    }

    @Test
    void anAcceptedSocketJoinsTheEpollSetAtItsFirstWaitSoAClientClosedAtOnceNeverDoes() throws Exception {
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        try (NativeTransport transport = new NativeTransport(new BufferPool(2048, 16), new BufferPool(64 << 10, 16),
                     1, false, 1 << 16, 4);
             ServerEndpoint front = transport.listen(loopback, 16, false)) {
            try (SocketChannel client = SocketChannel.open(front.localAddress());
                 NativeConnection refused = (NativeConnection) front.accept()) {
                NativeSocket socket = refused.socket();
                assertFalse(socket.loop().poller().watches(socket), "joined before anything waited on it");
                // As a refused client is: reset at once, without an epoll_ctl.
                refused.abort();
                IOException reset = assertThrows(IOException.class, () -> client.read(ByteBuffer.allocate(1)));
                assertTrue(reset.getMessage().contains("reset"), reset.getMessage());
            }
            try (SocketChannel client = SocketChannel.open(front.localAddress());
                 NativeConnection accepted = (NativeConnection) front.accept()) {
                NativeSocket socket = accepted.socket();
                CompletableFuture<Integer> read = new CompletableFuture<>();
                ByteBuffer buffer = ByteBuffer.allocateDirect(16);
                accepted.newThread("reader", () -> {
                    try {
                        // The first read finds nothing; then the wait joins the set, and the byte wakes it.
                        int n;
                        do {
                            accepted.awaitReadable();
                            n = accepted.read(buffer);
                        } while (n == 0);
                        read.complete(n);
                    } catch (IOException e) {
                        read.completeExceptionally(e);
                    }
                }).start();
                Await.until(() -> socket.loop().poller().watches(socket), Duration.ofSeconds(10),
                        () -> "the waiting socket in the epoll set");
                client.write(ByteBuffer.wrap(new byte[] {42}));
                assertEquals(1, read.get(10, TimeUnit.SECONDS), "the byte that woke the waiting reader");
            }
        }
    }

    @Test
    void aSocketThatCannotJoinTheEpollSetFailsEveryWaitRatherThanParkForever() throws Exception {
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        NativeTransport transport = new NativeTransport(new BufferPool(2048, 16), new BufferPool(64 << 10, 16),
                1, false, 1 << 16, 4);
        try (ServerEndpoint front = transport.listen(loopback, 16, false);
             SocketChannel client = SocketChannel.open(front.localAddress());
             NativeConnection accepted = (NativeConnection) front.accept()) {
            // Its loop's epoll set is gone: the socket can never join it.
            transport.close();
            for (int attempt = 0; attempt < 2; attempt++) {
                IOException failed = assertTimeoutPreemptively(Duration.ofSeconds(10),
                        () -> assertThrows(IOException.class, () -> accepted.socket().awaitReadable(0)));
                assertTrue(failed.getMessage().contains("event loop has stopped"), failed.getMessage());
            }
        }
    }

    /** Sequential connections; every other one first hits the refusing endpoint and is retried on the echo. */
    private static void exchange(WeftFixture weft, int count) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        for (int i = 0; i < count; i++) {
            try (SocketChannel client = weft.connect()) {
                client.write(one.clear());
                one.clear();
                assertEquals(1, client.read(one), "echo on connection " + i);
                client.shutdownOutput();
                assertEquals(-1, client.read(one.clear()), "end of stream on connection " + i);
            }
        }
    }

    private static long openDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
