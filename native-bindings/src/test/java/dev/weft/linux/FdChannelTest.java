package dev.weft.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Messages with descriptors attached, between two real sockets: the descriptor that arrives is the same pipe. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FdChannelTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void aPipeSentAcrossIsTheSamePipe() throws Exception {
        Path path = dir.resolve("handover");
        try (Arena arena = Arena.ofConfined(); FdChannel.Server server = FdChannel.listen(path)) {
            CompletableFuture<FdChannel> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return server.accept(WAIT);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (FdChannel client = FdChannel.connect(path, WAIT); FdChannel peer = accepted.get(10, TimeUnit.SECONDS)) {
                MemorySegment errno = arena.allocate(LinuxLibc.CAPTURE_STATE_LAYOUT);
                MemorySegment pipe = arena.allocate(8, 4);
                Errors.check("pipe2", LinuxLibc.pipe2(errno, pipe, LinuxLibc.O_CLOEXEC), errno);
                int readEnd = pipe.get(ValueLayout.JAVA_INT, 0);
                int writeEnd = pipe.get(ValueLayout.JAVA_INT, 4);

                client.send("listeners\nfront".getBytes(StandardCharsets.UTF_8), writeEnd, readEnd);
                client.send("no fds".getBytes(StandardCharsets.UTF_8));
                FdChannel.Message first = peer.receive();
                assertEquals("listeners\nfront", new String(first.payload(), StandardCharsets.UTF_8));
                assertEquals(2, first.fds().length);
                assertNotEquals(writeEnd, first.fds()[0], "a new number for the same pipe");
                FdChannel.Message second = peer.receive();
                assertEquals("no fds", new String(second.payload(), StandardCharsets.UTF_8));
                assertEquals(0, second.fds().length);

                // Written through the received write end, read through the original read end.
                MemorySegment bytes = arena.allocate(4);
                bytes.copyFrom(MemorySegment.ofArray("pipe".getBytes(StandardCharsets.UTF_8)));
                assertEquals(4, LinuxLibc.write(errno, first.fds()[0], bytes, 4));
                MemorySegment in = arena.allocate(4);
                assertEquals(4, LinuxLibc.read(errno, readEnd, in, 4));
                assertArrayEquals("pipe".getBytes(StandardCharsets.UTF_8), in.toArray(ValueLayout.JAVA_BYTE));
                FdChannel.closeAll(first.fds());
                FdChannel.closeAll(readEnd, writeEnd);

                client.close();
                assertNull(peer.receive(), "the peer's close is the end");
            }
        }
    }

    @Test
    void aSilentPeerTimesOutAndAClosedServerStopsWaiting() throws Exception {
        Path path = dir.resolve("silent");
        try (FdChannel.Server server = FdChannel.listen(path)) {
            CompletableFuture<FdChannel> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return server.accept(Duration.ofMillis(200));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (FdChannel client = FdChannel.connect(path, WAIT); FdChannel peer = accepted.get(10, TimeUnit.SECONDS)) {
                IOException timeout = assertThrows(IOException.class, peer::receive);
                assertTrue(timeout.getMessage().contains("timed out"), timeout.getMessage());
            }
        }
        FdChannel.Server lonely = FdChannel.listen(dir.resolve("lonely"));
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try {
                lonely.accept(WAIT).close();
            } catch (IOException expected) {
                // What close() makes of the wait.
            }
        });
        lonely.close();
        waiting.get(10, TimeUnit.SECONDS);
    }
}
