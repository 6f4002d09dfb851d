package dev.weft.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.IoMode;
import dev.weft.testkit.Await;
import dev.weft.testkit.Blackhole;
import dev.weft.testkit.LogCapture;
import dev.weft.testkit.Ports;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.WeftFixture;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BackendFailureTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void refusedEndpointIsSkippedAndTheNextOneServesEveryClient(IoMode io) throws Exception {
        String refusing = "127.0.0.1:" + Ports.closed();
        try (TestServer echo = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.proxyTo(io, "balancing = round-robin", refusing, echo.hostPort())) {
            for (int i = 0; i < 4; i++) {
                assertEchoes(weft, "client " + i);
            }
            assertEquals(4, echo.accepted());
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void timedOutEndpointIsSkippedAfterTheConnectTimeout(IoMode io) throws Exception {
        try (Blackhole blackhole = new Blackhole();
             TestServer echo = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.proxyTo(io, "balancing = round-robin, connect-timeout = 200ms",
                     blackhole.hostPort(), echo.hostPort())) {
            for (int i = 0; i < 3; i++) {
                assertEchoes(weft, "client " + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void whenEveryAttemptFailsTheClientIsClosedAndOneLineSaysWhy(IoMode io) throws Exception {
        String first = "127.0.0.1:" + Ports.closed();
        String second = "127.0.0.1:" + Ports.closed();
        try (LogCapture log = LogCapture.attach();
             WeftFixture weft = WeftFixture.proxyTo(io, "connect-retries = 5", first, second);
             SocketChannel client = weft.connect()) {
            assertEquals(-1, client.read(ByteBuffer.allocate(1)), "client is closed");
            String line = log.await("accepted the connection", WAIT);
            assertTrue(line.contains(first + " (") && line.contains(second + " (")
                    && line.split("Connection refused", -1).length == 3, line);
            assertEquals(1, log.count(l -> l.contains("closing client")), "one line per failed client");
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void aConnectTimeoutIsReportedAsSuch(IoMode io) throws Exception {
        try (LogCapture log = LogCapture.attach();
             Blackhole blackhole = new Blackhole();
             WeftFixture weft = WeftFixture.proxyTo(io, "connect-timeout = 200ms, connect-retries = 0",
                     blackhole.hostPort());
             SocketChannel client = weft.connect()) {
            assertEquals(-1, client.read(ByteBuffer.allocate(1)));
            assertTrue(log.await("closing client", WAIT).contains("connect timed out after 200 ms"));
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void healthChecksTakeADeadEndpointOutAndBringItBackAfterTheHealthyThreshold(IoMode io) throws Exception {
        TestServer echo = TestServer.start(TestServer.ECHO);
        int port = echo.port();
        try (LogCapture log = LogCapture.attach();
             WeftFixture weft = WeftFixture.proxyTo(io, """
                     health-check { enabled = true, interval = 100ms, timeout = 200ms,
                                    healthy-threshold = 3, unhealthy-threshold = 2 }
                     """, echo.hostPort())) {
            Endpoint endpoint = weft.server().backend("app").endpoints().getFirst();
            echo.close();
            Await.until(() -> !endpoint.health().isUp(), WAIT, () -> "endpoint marked DOWN");
            assertTrue(log.await("is DOWN", WAIT).contains("after 2 failed check(s)"));

            try (TestServer revived = TestServer.start(port, TestServer.ECHO)) {
                Await.until(() -> endpoint.health().isUp(), WAIT, () -> "endpoint marked UP again");
                assertTrue(log.await("is UP", WAIT).contains("after 3 successful check(s)"));
                assertEchoes(weft, "back in rotation");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void withEveryEndpointDownNewClientsAreClosedAtOnceInsteadOfWaiting(IoMode io) throws Exception {
        try (LogCapture log = LogCapture.attach();
             Blackhole blackhole = new Blackhole();
             WeftFixture weft = WeftFixture.proxyTo(io, """
                     connect-timeout = 1h
                     health-check { enabled = true, interval = 100ms, timeout = 100ms, unhealthy-threshold = 1 }
                     """, blackhole.hostPort())) {
            Endpoint endpoint = weft.server().backend("app").endpoints().getFirst();
            Await.until(() -> !endpoint.health().isUp(), WAIT, () -> "endpoint marked DOWN");
            try (SocketChannel client = weft.connect()) {
                // With a one-hour connect timeout, only "closed at once" can end this read within the test's limit.
                assertEquals(-1, client.read(ByteBuffer.allocate(1)));
            }
            log.await("backend 'app' has no healthy endpoint", WAIT);
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void failedClientConnectsCountAsFailedHealthChecks(IoMode io) throws Exception {
        TestServer echo = TestServer.start(TestServer.ECHO);
        try (WeftFixture weft = WeftFixture.proxyTo(io, """
                connect-retries = 0
                health-check { enabled = true, interval = 1h, unhealthy-threshold = 2 }
                """, echo.hostPort())) {
            Endpoint endpoint = weft.server().backend("app").endpoints().getFirst();
            // Until the probe's success is recorded, not merely accepted: a success recorded after the failed
            // connects below would reset their count.
            Await.until(() -> endpoint.health().rttNanos() != 0, WAIT, () -> "the first probe ran");
            echo.close();
            for (int i = 0; i < 2; i++) {
                try (SocketChannel client = weft.connect()) {
                    assertEquals(-1, client.read(ByteBuffer.allocate(1)));
                }
            }
            assertFalse(endpoint.health().isUp(), "two failed connects with unhealthy-threshold = 2");
        }
    }

    static void assertEchoes(WeftFixture weft, String message) throws Exception {
        try (SocketChannel client = weft.connect()) {
            Streams.write(client, message);
            assertEquals(message, Streams.readExactly(client, message.length()));
        }
    }
}
