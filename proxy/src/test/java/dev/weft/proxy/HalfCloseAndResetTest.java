package dev.weft.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.IoMode;
import dev.weft.testkit.Await;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.WeftFixture;
import java.io.IOException;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HalfCloseAndResetTest {

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void clientHalfCloseReachesBackendAndResponseStillFlows(IoMode io) throws Exception {
        BlockingQueue<String> backendSaw = new LinkedBlockingQueue<>();
        try (TestServer backend = TestServer.start(channel -> {
                 Streams.Digest request = Streams.receive(channel);
                 backendSaw.add("end of stream after " + request.bytes() + " bytes");
                 // The client can no longer send, but it must still receive everything written after its FIN.
                 Streams.write(channel, "response after your FIN");
                 channel.shutdownOutput();
             });
             WeftFixture weft = WeftFixture.proxyTo(io, "", backend.hostPort());
             SocketChannel client = weft.connect()) {
            Streams.write(client, "request");
            client.shutdownOutput();

            assertEquals("end of stream after 7 bytes", backendSaw.poll(10, TimeUnit.SECONDS));
            assertEquals("response after your FIN", Streams.readExactly(client, 23));
            assertEquals(-1, client.read(ByteBuffer.allocate(1)), "client sees the backend's FIN");
            Await.until(() -> weft.server().listeners().getFirst().activeSessions() == 0, Duration.ofSeconds(10),
                    () -> "session closes once both directions are done");
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void backendHalfCloseReachesClientWhileClientKeepsSending(IoMode io) throws Exception {
        CountDownLatch clientFinished = new CountDownLatch(1);
        BlockingQueue<String> backendReceived = new LinkedBlockingQueue<>();
        try (TestServer backend = TestServer.start(channel -> {
                 Streams.write(channel, "banner");
                 channel.shutdownOutput();
                 backendReceived.add(Streams.readExactly(channel, 12));
                 clientFinished.await();
             });
             WeftFixture weft = WeftFixture.proxyTo(io, "", backend.hostPort());
             SocketChannel client = weft.connect()) {
            assertEquals("banner", Streams.readExactly(client, 6));
            assertEquals(-1, client.read(ByteBuffer.allocate(1)), "client sees the backend's FIN");
            assertEquals(1, weft.server().listeners().getFirst().activeSessions(),
                    "one direction is done, the other still open: the session stays");

            Streams.write(client, "still sending");
            assertEquals("still sendin", backendReceived.poll(10, TimeUnit.SECONDS));
            clientFinished.countDown();
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void backendResetAbortsTheClientWithAReset(IoMode io) throws Exception {
        try (TestServer backend = TestServer.start(channel -> {
                 Streams.readExactly(channel, 5);
                 channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                 channel.close();
             });
             WeftFixture weft = WeftFixture.proxyTo(io, "", backend.hostPort());
             SocketChannel client = weft.connect()) {
            Streams.write(client, "hello");
            IOException error = assertThrows(IOException.class, () -> Streams.receive(client));
            assertInstanceOf(SocketException.class, error);
            assertTrue(error.getMessage().contains("reset"), error.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void clientResetAbortsTheBackendWithAReset(IoMode io) throws Exception {
        BlockingQueue<Throwable> backendError = new LinkedBlockingQueue<>();
        CountDownLatch backendReading = new CountDownLatch(1);
        try (TestServer backend = TestServer.start(channel -> {
                 Streams.readExactly(channel, 5);
                 backendReading.countDown();
                 try {
                     Streams.receive(channel);
                     backendError.add(new AssertionError("backend saw a clean end of stream, not a reset"));
                 } catch (IOException e) {
                     backendError.add(e);
                 }
             });
             WeftFixture weft = WeftFixture.proxyTo(io, "", backend.hostPort());
             SocketChannel client = weft.connect()) {
            Streams.write(client, "hello");
            assertTrue(backendReading.await(10, TimeUnit.SECONDS));
            client.setOption(StandardSocketOptions.SO_LINGER, 0);
            client.close();

            Throwable error = backendError.poll(10, TimeUnit.SECONDS);
            assertInstanceOf(SocketException.class, error);
            assertTrue(error.getMessage().contains("reset"), error.getMessage());
        }
    }
}
