package dev.weft.transport.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.Await;
import dev.weft.transport.BufferPool;
import dev.weft.transport.ServerEndpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How a native connection reads the end of its peer's stream: when the FIN was reported before a read that stopped
 * short, nothing but the end of stream is left, and the next read says so without a syscall (the syscall that
 * would only return 0 costs a microsecond on this kind of machine, per connection). Counted with the kernel's own
 * tally of this thread's read syscalls ({@code syscr} in /proc/thread-self/io).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NativeReadEndTest {
    private static final byte[] MESSAGE = "the last words".getBytes(StandardCharsets.US_ASCII);

    private NativeTransport transport;
    private ServerEndpoint front;

    @BeforeEach
    void start() throws IOException {
        transport = new NativeTransport(new BufferPool(1024, 16), new BufferPool(64 << 10, 16), 1, false, 1 << 16, 4);
        front = transport.listen(new InetSocketAddress("127.0.0.1", 0), 16, false);
    }

    @AfterEach
    void stop() throws IOException {
        front.close();
        transport.close();
    }

    @Test
    void aShortReadAfterTheFinIsFollowedByTheEndOfStreamWithoutAnotherReadSyscall() throws Exception {
        // The first rounds load the classes the reads use (reading jars), so that the last one reads nothing else.
        for (int round = 0; round < 3; round++) {
            try (SocketChannel client = SocketChannel.open(front.localAddress());
                 NativeConnection accepted = (NativeConnection) front.accept()) {
                client.write(ByteBuffer.wrap(MESSAGE));
                client.shutdownOutput();
                // An accepted socket joins the epoll set at its first wait; these reads wait for nothing.
                accepted.socket().register();
                Await.until(() -> accepted.socket().peerFinishedCleanly(), Duration.ofSeconds(10),
                        () -> "the FIN reported by the event loop");
                ByteBuffer buffer = ByteBuffer.allocateDirect(1024);
                long first = readSyscalls();
                long perLook = readSyscalls() - first;
                long before = readSyscalls();
                assertEquals(MESSAGE.length, accepted.read(buffer), "the data before the FIN");
                assertEquals(-1, accepted.read(buffer), "then the end of stream");
                assertEquals(-1, accepted.read(buffer), "and again, as a socket at its end says");
                long socketReads = readSyscalls() - before - perLook;
                if (round == 2) {
                    assertEquals(1, socketReads, "read syscalls for the data, the end of stream and a second look");
                }
            }
        }
    }

    @Test
    void withoutAReportedFinAShortReadLeavesTheEndOfStreamToTheNextRead() throws Exception {
        try (SocketChannel client = SocketChannel.open(front.localAddress());
             NativeConnection accepted = (NativeConnection) front.accept()) {
            client.write(ByteBuffer.wrap(MESSAGE));
            ByteBuffer buffer = ByteBuffer.allocateDirect(1024);
            assertEquals(MESSAGE.length, accepted.read(buffer));
            client.write(ByteBuffer.wrap(MESSAGE));
            client.shutdownOutput();
            assertEquals(MESSAGE.length, accepted.read(buffer.clear()), "what came after the short read");
            assertEquals(-1, accepted.read(buffer.clear()));
        }
    }

    @Test
    void aResetBehindTheDataIsReportedAsAResetNotAsAnEndOfStream() throws Exception {
        try (SocketChannel client = SocketChannel.open(front.localAddress());
             NativeConnection accepted = (NativeConnection) front.accept()) {
            client.write(ByteBuffer.wrap(MESSAGE));
            // Closing with a zero linger sends a reset, no FIN, behind the data.
            client.setOption(StandardSocketOptions.SO_LINGER, 0);
            client.close();
            accepted.socket().register();
            Await.until(() -> accepted.socket().failed(), Duration.ofSeconds(10), () -> "the reset reported");
            ByteBuffer buffer = ByteBuffer.allocateDirect(1024);
            IOException reset = assertThrows(IOException.class, () -> {
                while (accepted.read(buffer.clear()) >= 0) {
                    // The kernel hands over the data before the reset.
                }
            }, "a reset must not read as a clean end of stream");
            assertTrue(reset.getMessage().contains("ECONNRESET"), reset.getMessage());
        }
    }

    /** The read syscalls this thread has made so far; reading the tally makes some too. */
    private static long readSyscalls() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/thread-self/io"))) {
                if (line.startsWith("syscr:")) {
                    return Long.parseLong(line.substring("syscr:".length()).strip());
                }
            }
            throw new AssertionError("no syscr in /proc/thread-self/io");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
