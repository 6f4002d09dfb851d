package dev.weft.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.testkit.IoMode;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.WeftFixture;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The readiness protocol under stress: thousands of small messages, each sent only once the previous one came
 * back, so that every read of every hop finds its socket drained and must park and be woken by the next edge. A
 * lost wake-up hangs a connection, and the timeout fails the test; every echoed byte is compared, and each
 * connection ends with a last message sent together with a half-close, whose end of stream must come back.
 */
class ReadinessStressTest {
    private static final int CONNECTIONS = 40;
    private static final int MESSAGES = 500;

    @ParameterizedTest
    @EnumSource(IoMode.class)
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void smallMessagesAndHalfClosesOnManyConnectionsNeverHangAndComeBackExact(IoMode io) throws Exception {
        // The clients close last: a hung one then ends with the proxy instead of holding the executor open.
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
             TestServer backend = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.proxyTo(io, "", backend.hostPort())) {
            List<Future<String>> results = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                long seed = 7000 + c;
                results.add(clients.submit(() -> pingPong(weft, seed)));
            }
            for (Future<String> result : results) {
                assertEquals("ok", result.get(60, TimeUnit.SECONDS));
            }
        }
    }

    private static String pingPong(WeftFixture weft, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        try (SocketChannel client = weft.connect()) {
            for (int i = 0; i < MESSAGES; i++) {
                byte[] message = new byte[1 + random.nextInt(300)];
                random.nextBytes(message);
                ByteBuffer out = ByteBuffer.wrap(message);
                while (out.hasRemaining()) {
                    client.write(out);
                }
                ByteBuffer back = ByteBuffer.allocate(message.length);
                while (back.hasRemaining()) {
                    if (client.read(back) < 0) {
                        return "connection " + seed + ": end of stream at message " + i;
                    }
                }
                assertArrayEquals(message, back.array(), "connection " + seed + ", message " + i);
            }
            // The last message and the half-close leave together, so the proxy finds the end of stream queued
            // behind the data: a read that comes back short then must not wait for an edge that will not come.
            byte[] last = new byte[1 + random.nextInt(3000)];
            random.nextBytes(last);
            ByteBuffer out = ByteBuffer.wrap(last);
            while (out.hasRemaining()) {
                client.write(out);
            }
            client.shutdownOutput();
            ByteBuffer back = ByteBuffer.allocate(last.length + 1);
            while (client.read(back) >= 0) {
                if (back.position() > last.length) {
                    return "connection " + seed + ": more bytes after the half-close than were sent";
                }
            }
            assertArrayEquals(last, Arrays.copyOf(back.array(), back.position()), "connection " + seed
                    + ", the last message");
            return "ok";
        }
    }
}
