package dev.weft.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.testkit.IoMode;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.WeftFixture;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code on-marked-down = shutdown-sessions}: when its health checks mark an endpoint down, its open sessions end
 * too, while the data connection itself still works (the probes go to another port, which stops answering).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OnMarkedDownTest {

    @Test
    void sessionsOfAnEndpointMarkedDownAreEnded() throws Exception {
        try (TestServer data = TestServer.start(TestServer.ECHO)) {
            TestServer probes = TestServer.start(TestServer.ECHO);
            try (WeftFixture weft = WeftFixture.start(IoMode.NATIVE_SPLICE, """
                    weft {
                      listeners.front { bind = "127.0.0.1:0", backend = app }
                      backends.app {
                        endpoints = ["%s"]
                        on-marked-down = shutdown-sessions
                        health-check { interval = 100ms, timeout = 100ms, unhealthy-threshold = 1, port = %d }
                      }
                    }
                    """.formatted(data.hostPort(), probes.port()));
                 SocketChannel client = weft.connect()) {
                Streams.write(client, "up");
                assertEquals("up", Streams.readExactly(client, 2));
                probes.close();
                assertEquals(-1, client.read(ByteBuffer.allocate(1)), "ended once its endpoint is marked down");
            }
        }
    }
}
