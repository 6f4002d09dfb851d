package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.balance.EndpointState;
import dev.weft.testkit.Await;
import dev.weft.testkit.IoMode;
import dev.weft.testkit.Ports;
import dev.weft.testkit.PrometheusParser;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.TlsKit;
import dev.weft.testkit.WeftFixture;
import dev.weft.tls.SelfSignedCertificate;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an on-call engineer reads from {@code /metrics}: the process, endpoint state and health checks, retries,
 * limits, certificate expiry; counters that survive a reload, and endpoints a reload removed still shown while
 * their connections drain.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsPageTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /** The value of the one sample of {@code name} whose labels include {@code labels}; fails if none. */
    private static double value(WeftFixture weft, String name, Map<String, String> labels) {
        List<PrometheusParser.Sample> matching = PrometheusParser.parse(weft.server().metrics()).stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .toList();
        assertEquals(1, matching.size(), name + " " + labels + ": " + matching);
        return matching.getFirst().value();
    }

    private static boolean present(WeftFixture weft, String name, Map<String, String> labels) {
        return PrometheusParser.parse(weft.server().metrics()).stream()
                .anyMatch(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()));
    }

    private static String config(String endpoints, String healthCheck) {
        return """
                weft {
                  listeners.front { bind = "127.0.0.1:0", backend = app }
                  backends.app {
                    endpoints = [%s], balancing = round-robin, connect-retries = 1
                    health-check { %s }
                  }
                }
                """.formatted(endpoints, healthCheck) + IoMode.NATIVE_SPLICE.config();
    }

    @Test
    void theProcessEndpointsRetriesAndHealthChecksAreThere() throws Exception {
        int dead = Ports.closed();
        try (TestServer app = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.start(config("\"127.0.0.1:" + dead + "\", \"" + app.hostPort() + "\"",
                     "enabled = false"))) {
            assertEquals(1, value(weft, "weft_build_info", Map.of()));
            assertTrue(value(weft, "weft_process_open_fds", Map.of()) > 3);
            assertTrue(value(weft, "weft_process_max_fds", Map.of()) >= value(weft, "weft_process_open_fds",
                    Map.of()));
            assertTrue(value(weft, "weft_process_resident_memory_bytes", Map.of()) > 10_000_000);
            assertTrue(value(weft, "weft_process_cpu_seconds_total", Map.of()) > 0);
            assertTrue(present(weft, "weft_jvm_gc_collections_total", Map.of()));
            assertEquals(10_000, value(weft, "weft_listener_max_connections", Map.of("listener", "front")));

            // The first connect goes to the dead endpoint (round-robin starts there), fails, and is retried.
            try (SocketChannel client = weft.connect()) {
                Streams.write(client, "x");
                assertEquals("x", Streams.readExactly(client, 1));
            }
            assertEquals(1, value(weft, "weft_backend_connect_retries_total", Map.of("backend", "app")));

            weft.reload(config("\"127.0.0.1:" + dead + "\", \"" + app.hostPort() + "\"",
                    "interval = 100ms, timeout = 100ms"));
            assertEquals(1, value(weft, "weft_backend_connect_retries_total", Map.of("backend", "app")),
                    "not reset by a reload");
            Map<String, String> deadOne = Map.of("endpoint", "127.0.0.1:" + dead);
            Await.until(() -> value(weft, "weft_endpoint_health_up", deadOne) == 0, WAIT, () -> "marked down");
            assertTrue(value(weft, "weft_endpoint_health_checks_total", Map.of("endpoint", "127.0.0.1:" + dead,
                    "result", "failed")) >= 2);
            Map<String, String> live = Map.of("endpoint", app.hostPort());
            Await.until(() -> value(weft, "weft_endpoint_health_checks_total", Map.of("endpoint", app.hostPort(),
                    "result", "passed")) >= 1, WAIT, () -> "a probe passed");
            assertTrue(present(weft, "weft_endpoint_health_check_rtt_seconds", live));

            weft.server().backend("app").endpoints().get(1).setState(EndpointState.DRAIN);
            weft.server().backend("app").endpoints().get(1).setRuntimeWeight(7);
            assertEquals(1, value(weft, "weft_endpoint_state", Map.of("endpoint", app.hostPort(), "state", "drain")));
            assertEquals(0, value(weft, "weft_endpoint_state", Map.of("endpoint", app.hostPort(), "state", "ready")));
            assertEquals(0, value(weft, "weft_endpoint_up", live), "a drained endpoint takes no new connection");
            assertEquals(7, value(weft, "weft_endpoint_weight", live));
        }
    }

    @Test
    void groupCountersOutliveAReloadAndARemovedEndpointIsShownUntilItsLastConnectionEnds() throws Exception {
        try (TestServer first = TestServer.start(TestServer.ECHO);
             TestServer second = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.start(config("\"" + first.hostPort() + "\", \"" + second.hostPort()
                     + "\"", "enabled = false"))) {
            SocketChannel held = weft.connect();
            Streams.write(held, "a");
            assertEquals("a", Streams.readExactly(held, 1));
            Map<String, String> group = Map.of("backend", "app", "group", "default");
            assertEquals(1, value(weft, "weft_group_connections_total", group));

            weft.reload(config("\"" + second.hostPort() + "\"", "enabled = false"));
            assertEquals(1, value(weft, "weft_group_connections_total", group), "not reset by the reload");
            Map<String, String> retired = Map.of("endpoint", first.hostPort(), "state", "retired");
            assertEquals(1, value(weft, "weft_endpoint_state", retired), "still draining, still shown");
            assertEquals(1, value(weft, "weft_endpoint_connections_active", Map.of("endpoint", first.hostPort())));

            held.close();
            Await.until(() -> !present(weft, "weft_endpoint_state", retired), WAIT,
                    () -> "gone once its last connection ended");
        }
    }

    @Test
    void certificateExpiryAndHandshakeLimitsAreShownForTlsListenersOnly() throws Exception {
        TlsKit.PemPair pem = TlsKit.write(dir, "front", SelfSignedCertificate.create(
                SelfSignedCertificate.KeyKind.EC, Duration.ofDays(3), "api.test"));
        try (TestServer app = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.start(IoMode.NATIVE_SPLICE, """
                     weft {
                       listeners {
                         secure { bind = "127.0.0.1:0", protocol = tls, backend = app, tls.certificates = [%s] }
                         plain { bind = "127.0.0.1:0", backend = app }
                       }
                       backends.app { endpoints = ["%s"], health-check.enabled = false }
                     }
                     """.formatted(pem.hocon(), app.hostPort()))) {
            double expiry = value(weft, "weft_certificate_expiry_timestamp_seconds", Map.of("listener", "secure",
                    "certificate", "api.test"));
            double expected = pem.certificate().leaf().getNotAfter().getTime() / 1000;
            assertEquals(expected, expiry, 1);
            assertTrue(present(weft, "weft_listener_max_concurrent_handshakes", Map.of("listener", "secure")));
            assertTrue(!present(weft, "weft_listener_max_concurrent_handshakes", Map.of("listener", "plain")));
        }
    }
}
