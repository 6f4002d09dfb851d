package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.Await;
import dev.weft.testkit.IoMode;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.WeftFixture;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DrainTest {

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void drainRefusesNewClientsAndLetsOpenConnectionsFinish(IoMode io) throws Exception {
        try (TestServer backend = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.proxyTo(io, "", backend.hostPort())) {
            InetSocketAddress address = weft.address();
            SocketChannel open = weft.connect();
            Streams.write(open, "before");
            assertEquals("before", Streams.readExactly(open, 6));

            CompletableFuture<Integer> forced = CompletableFuture.supplyAsync(() -> {
                try {
                    return weft.server().shutdown(Duration.ofSeconds(20));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitRefused(address);

            Streams.write(open, "during drain");
            assertEquals("during drain", Streams.readExactly(open, 12));
            open.shutdownOutput();
            assertEquals(-1, open.read(ByteBuffer.allocate(1)));
            open.close();
            assertEquals(0, forced.get(20, TimeUnit.SECONDS), "no connection had to be closed");
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void drainTimeoutClosesConnectionsThatDoNotFinish(IoMode io) throws Exception {
        try (TestServer backend = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.proxyTo(io, "", backend.hostPort());
             SocketChannel open = weft.connect()) {
            Streams.write(open, "x");
            assertEquals("x", Streams.readExactly(open, 1));

            assertEquals(1, weft.server().shutdown(Duration.ofMillis(200)));
            assertEquals(-1, open.read(ByteBuffer.allocate(1)), "closed by the drain timeout");
        }
    }

    @Test
    void theGracePeriodFailsTheHealthCheckFirstAndGoesOnAcceptingUntilItEnds() throws Exception {
        try (TestServer backend = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.proxyTo(IoMode.NATIVE_SPLICE, "", backend.hostPort())) {
            InetSocketAddress address = weft.address();
            long started = System.nanoTime();
            CompletableFuture<Integer> shutdown = shutdownAsync(weft, Duration.ofSeconds(2), Duration.ofSeconds(5));
            Await.until(() -> weft.server().draining(), Duration.ofSeconds(5), () -> "/healthz fails at once");
            // Well inside the grace period, a new client is still served.
            try (SocketChannel during = SocketChannel.open(address)) {
                Streams.write(during, "grace");
                assertEquals("grace", Streams.readExactly(during, 5));
            }
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(2).toNanos(),
                    "the client above came within the grace period");
            awaitRefused(address);
            assertTrue(System.nanoTime() - started >= Duration.ofSeconds(2).toNanos(),
                    "accepting stops only when the grace period is over");
            assertEquals(0, shutdown.get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void aSecondSignalCutsTheGracePeriodShort() throws Exception {
        try (TestServer backend = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.proxyTo(IoMode.NATIVE_SPLICE, "", backend.hostPort());
             SocketChannel open = weft.connect()) {
            Streams.write(open, "x");
            assertEquals("x", Streams.readExactly(open, 1));
            CompletableFuture<Integer> shutdown = shutdownAsync(weft, Duration.ofMinutes(5), Duration.ofMinutes(5));
            Await.until(() -> weft.server().draining(), Duration.ofSeconds(5), () -> "shutdown began");
            weft.server().hurry();
            assertEquals(-1, open.read(ByteBuffer.allocate(1)), "open connections are closed at once");
            shutdown.get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPortAlreadyInUseIsAClearStartupError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            StartupException error = assertThrows(StartupException.class, () -> WeftFixture.start("""
                    weft {
                      listeners.front { bind = "127.0.0.1:%d", backend = app }
                      backends.app.endpoints = ["127.0.0.1:1"]
                    }
                    """.formatted(taken.getLocalPort())));
            assertTrue(error.getMessage().startsWith("listener 'front': cannot bind 127.0.0.1:" + taken.getLocalPort()
                    + ": Address already in use"), error.getMessage());
        }
    }

    /** Starts a shutdown on another thread; its future gives the connections it had to close. */
    private static CompletableFuture<Integer> shutdownAsync(WeftFixture weft, Duration grace, Duration drain) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return weft.server().shutdown(grace, drain);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void awaitRefused(InetSocketAddress address) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (SocketChannel probe = SocketChannel.open(address)) {
                probe.shutdownOutput();
                Thread.sleep(5);
            } catch (SocketException refused) {
                // Refused, or reset: a connection that reached the backlog as the listener closed is reset.
                return;
            }
        }
        throw new AssertionError("listener still accepting after shutdown began");
    }
}
