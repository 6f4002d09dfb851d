package dev.weft.health;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.IoMode;
import dev.weft.testkit.LogCapture;
import dev.weft.testkit.Ports;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.TlsEcho;
import dev.weft.testkit.TlsKit;
import dev.weft.testkit.WeftFixture;
import dev.weft.tls.SelfSignedCertificate;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Probes beyond a connect: send-expect, TLS, another port, the timeout; and passive ejection. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HealthCheckTypesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Answers each "PING\r\n" with {@code reply}, or says nothing at all if it is null. */
    private static TestServer.Handler pingServer(String reply) {
        return channel -> {
            Streams.readExactly(channel, 6);
            if (reply == null) {
                Thread.sleep(60_000);
            }
            Streams.write(channel, reply);
        };
    }

    private static WeftFixture probing(String endpoint, String check) throws Exception {
        return WeftFixture.proxyTo(IoMode.NATIVE_COPY, """
                health-check { enabled = true, interval = 100ms, timeout = 500ms, healthy-threshold = 1,
                               unhealthy-threshold = 1
                               %s }
                """.formatted(check), endpoint);
    }

    @Test
    void sendExpectPassesOnTheExpectedReplyAndFailsOnAnyOther() throws Exception {
        String check = "type = send-expect, send = \"PING\\r\\n\", expect = \"+PONG\"";
        try (LogCapture log = LogCapture.attach();
             TestServer good = TestServer.start(pingServer("+PONG\r\n"));
             TestServer bad = TestServer.start(pingServer("-ERR not ready\r\n"));
             WeftFixture goodWeft = probing(good.hostPort(), check);
             WeftFixture badWeft = probing(bad.hostPort(), check)) {
            String down = log.await("endpoint " + bad.hostPort() + " is DOWN", WAIT);
            assertTrue(down.contains("expected a response starting with '+PONG', got '-ERR '"), down);
            assertTrue(goodWeft.server().backend("app").endpoints().getFirst().health().isUp());
            assertTrue(log.lines().stream().noneMatch(l -> l.contains(good.hostPort() + " is DOWN")), log.lines()
                    .toString());
        }
    }

    @Test
    void aProbeThatGetsNoAnswerFailsAtItsTimeout() throws Exception {
        try (LogCapture log = LogCapture.attach();
             TestServer silent = TestServer.start(pingServer(null));
             WeftFixture weft = probing(silent.hostPort(), "type = send-expect, send = \"PING\\r\\n\", expect = \"+\"")) {
            String down = log.await("endpoint " + silent.hostPort() + " is DOWN", WAIT);
            assertTrue(down.contains("timed out after 500 ms"), down);
        }
    }

    @Test
    void tlsProbesNeedAHandshake() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(SelfSignedCertificate.KeyKind.EC,
                Duration.ofDays(1), "probe.test");
        try (LogCapture log = LogCapture.attach();
             TestServer tls = TestServer.start(new TlsEcho(TlsKit.serving(certificate), false));
             TestServer plain = TestServer.start(TestServer.ECHO);
             WeftFixture tlsWeft = probing(tls.hostPort(), "type = tls");
             WeftFixture plainWeft = probing(plain.hostPort(), "type = tls")) {
            log.await("endpoint " + plain.hostPort() + " is DOWN", WAIT);
            assertTrue(tlsWeft.server().backend("app").endpoints().getFirst().health().isUp());
        }
    }

    @Test
    void aProbePortCanDifferFromTheEndpointsPort() throws Exception {
        int dead = Ports.closed();
        try (LogCapture log = LogCapture.attach();
             TestServer health = TestServer.start(TestServer.ECHO);
             WeftFixture weft = probing("127.0.0.1:" + dead, "port = " + health.port())) {
            Thread.sleep(500);
            assertTrue(weft.server().backend("app").endpoints().getFirst().health().isUp(),
                    "the health port answers, so the endpoint counts as UP");
            assertTrue(health.accepted() >= 2, "probes went to the health port");
        }
    }

    @Test
    void consecutiveConnectFailuresEjectAnEndpointWithoutActiveChecks() throws Exception {
        int dead = Ports.closed();
        try (LogCapture log = LogCapture.attach();
             TestServer live = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.proxyTo(IoMode.JDK, """
                     balancing = round-robin, connect-retries = 1
                     health-check { enabled = false, ejection { consecutive-failures = 2, duration = 1h } }
                     """, "127.0.0.1:" + dead, live.hostPort())) {
            for (int i = 0; i < 6; i++) {
                try (SocketChannel client = weft.connect()) {
                    Streams.write(client, "x");
                    Streams.readExactly(client, 1);
                }
            }
            log.await("endpoint 127.0.0.1:" + dead + " ejected for 3600000 ms after 2 failed connect(s)", WAIT);
            long failuresAtEjection = weft.server().backend("app").endpoints().getFirst().counters().failures();
            for (int i = 0; i < 10; i++) {
                try (SocketChannel client = weft.connect()) {
                    Streams.write(client, "y");
                    Streams.readExactly(client, 1);
                }
            }
            assertTrue(weft.server().backend("app").endpoints().getFirst().counters().failures() == failuresAtEjection,
                    "no connect was tried on the ejected endpoint");
        }
    }
}
