package dev.weft.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.testkit.IoMode;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.WeftFixture;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IdleTimeoutTest {

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void idleTimeoutClosesBothSides(IoMode io) throws Exception {
        BlockingQueue<Long> backendSawEnd = new LinkedBlockingQueue<>();
        try (TestServer backend = TestServer.start(channel -> {
                 Streams.write(channel, "hi");
                 backendSawEnd.add(Streams.receive(channel).bytes());
             });
             WeftFixture weft = WeftFixture.proxyTo(io, "idle-timeout = 300ms", backend.hostPort());
             SocketChannel client = weft.connect()) {
            assertEquals("hi", Streams.readExactly(client, 2));
            assertEquals(-1, client.read(ByteBuffer.allocate(1)), "client side closed by the idle timeout");
            assertEquals(0L, backendSawEnd.poll(10, TimeUnit.SECONDS), "backend side closed by the idle timeout");
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void trafficInEitherDirectionKeepsTheConnectionOpen(IoMode io) throws Exception {
        try (TestServer backend = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.proxyTo(io, "idle-timeout = 1s", backend.hostPort());
             SocketChannel client = weft.connect()) {
            // Forty exchanges paced 50 ms apart span two seconds, twice the idle timeout, with no gap near it.
            for (int i = 0; i < 40; i++) {
                Streams.write(client, "ping");
                assertEquals("ping", Streams.readExactly(client, 4), "exchange " + i);
                Thread.sleep(50);
            }
            assertEquals(-1, client.read(ByteBuffer.allocate(1)), "then silence closes it");
        }
    }
}
