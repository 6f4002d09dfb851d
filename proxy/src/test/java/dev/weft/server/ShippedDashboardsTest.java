package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.Await;
import dev.weft.testkit.IoMode;
import dev.weft.testkit.PrometheusParser;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.TlsKit;
import dev.weft.testkit.WeftFixture;
import dev.weft.testkit.WeftProcess;
import dev.weft.tls.SelfSignedCertificate;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus alert rules and the Grafana dashboard that ship in packaging/ name only metrics a running Weft
 * exports: a renamed metric would otherwise leave an alert that can never fire.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShippedDashboardsTest {
    private static final Pattern METRIC = Pattern.compile("\\bweft_[a-z0-9_]+");
    private static final Set<String> HISTOGRAM_PARTS = Set.of("_bucket", "_sum", "_count");

    @TempDir
    Path dir;

    @Test
    void everyMetricTheAlertsAndTheDashboardUseIsExported() throws Exception {
        Path packaging = WeftProcess.home().resolve("packaging");
        Set<String> used = new TreeSet<>();
        for (Path file : new Path[] {packaging.resolve("prometheus/weft-alerts.yml"),
                packaging.resolve("grafana/weft-dashboard.json")}) {
            Matcher matcher = METRIC.matcher(Files.readString(file));
            while (matcher.find()) {
                used.add(matcher.group());
            }
        }
        assertTrue(used.size() > 20, "the files name metrics: " + used);

        TlsKit.PemPair pem = TlsKit.write(dir, "front", SelfSignedCertificate.create(
                SelfSignedCertificate.KeyKind.EC, Duration.ofDays(3), "api.test"));
        try (TestServer app = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.start(IoMode.NATIVE_SPLICE, """
                     weft {
                       listeners.secure { bind = "127.0.0.1:0", protocol = tls, backend = app, tls.certificates = [%s] }
                       listeners.closed { bind = "127.0.0.1:0", backend = app, access.deny = ["127.0.0.0/8"] }
                       backends.app { endpoints = ["%s"], health-check { interval = 100ms } }
                       access-log { enabled = true, path = "%s" }
                     }
                     """.formatted(pem.hocon(), app.hostPort(), dir.resolve("access.log")))) {
            // Families with a reason label have samples once something happened: a refusal, a failed handshake.
            try (SocketChannel refused = SocketChannel.open(weft.server().listener("closed").address());
                 SocketChannel garbage = SocketChannel.open(weft.server().listener("secure").address())) {
                Streams.write(garbage, "GET / HTTP/1.0\r\n\r\n");
                garbage.read(ByteBuffer.allocate(256));
                refused.read(ByteBuffer.allocate(1));
            } catch (IOException reset) {
                // Either may be reset rather than closed: what counts is the count.
            }
            Await.until(() -> weft.server().metrics().contains("weft_endpoint_health_check_rtt")
                    && weft.server().metrics().contains("weft_listener_handshake_failures_total")
                    && weft.server().metrics().contains("weft_listener_connections_limited_total"),
                    Duration.ofSeconds(20), () -> "a probe, a refusal and a failed handshake");
            Set<String> exported = PrometheusParser.parse(weft.server().metrics()).stream()
                    .map(PrometheusParser.Sample::name).collect(Collectors.toCollection(TreeSet::new));
            Set<String> missing = new TreeSet<>();
            for (String name : used) {
                String family = HISTOGRAM_PARTS.stream().filter(name::endsWith).findFirst()
                        .map(part -> name.substring(0, name.length() - part.length())).orElse(name);
                if (!exported.contains(name) && !exported.contains(family + "_bucket")) {
                    missing.add(name);
                }
            }
            assertEquals(Set.of(), missing, "named in packaging/ but not exported; exported: " + exported);
        }
    }
}
