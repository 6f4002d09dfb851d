package dev.weft.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.linux.CallState;
import dev.weft.linux.LinuxLibc;
import dev.weft.linux.Syscalls;
import dev.weft.testkit.Await;
import dev.weft.testkit.IoMode;
import dev.weft.testkit.Ports;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.WeftFixture;
import java.io.IOException;
import java.nio.ByteBuffer;
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
