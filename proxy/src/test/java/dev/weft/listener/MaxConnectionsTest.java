package dev.weft.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.testkit.IoMode;
import dev.weft.testkit.Await;
import dev.weft.testkit.ListenQueue;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.WeftFixture;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MaxConnectionsTest {

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void clientsBeyondMaxConnectionsWaitInTheBacklogUntilOneCloses(IoMode io) throws Exception {
        try (TestServer backend = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.start(io, """
                     weft {
                       listeners.front { bind = "127.0.0.1:0", backend = app, max-connections = 2 }
                       backends.app { endpoints = ["%s"], health-check.enabled = false }
                     }
                     """.formatted(backend.hostPort()))) {
            SocketChannel first = weft.connect();
            SocketChannel second = weft.connect();
            for (SocketChannel client : new SocketChannel[] {first, second}) {
                Streams.write(client, "in");
                assertEquals("in", Streams.readExactly(client, 2));
            }

            try (SocketChannel third = weft.connect()) {
                Streams.write(third, "waiting");
                int port = weft.address().getPort();
                Await.until(() -> pending(port) == 1, Duration.ofSeconds(10),
                        () -> "third client in the accept queue, pending = " + pending(port));
                assertEquals(2, backend.accepted(), "the third client was not accepted");

                first.close();
                assertEquals("waiting", Streams.readExactly(third, 7), "served once a permit came back");
            }
            second.close();
        }
    }

    private static int pending(int port) {
        try {
            return ListenQueue.pending(port);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
