package dev.weft.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.Await;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.TlsEngine;
import dev.weft.testkit.TlsKit.PemPair;
import dev.weft.testkit.TlsKit;
import dev.weft.testkit.WeftFixture;
import dev.weft.tls.SelfSignedCertificate.KeyKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code openssl s_time -new} closes each connection the moment its handshake is done, while the server may still
 * be sending it session tickets: every one of those handshakes succeeded, and the metrics say so.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandshakeCountTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void handshakesOfClientsThatLeaveAtOnceCountAsDone(TlsEngine engine) throws Exception {
        PemPair certificate = TlsKit.write(dir, "count", SelfSignedCertificate.create(KeyKind.EC,
                Duration.ofDays(1), "count.test"));
        try (TestServer backend = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.start(engine.io(), """
                     weft {
                       listeners.secure {
                         bind = "127.0.0.1:0", backend = app, protocol = tls
                         tls { certificates = [%s], %s }
                       }
                       backends.app { endpoints = ["%s"], health-check.enabled = false }
                     }
                     """.formatted(certificate.hocon(), engine.setting(), backend.hostPort()))) {
            Process timing = new ProcessBuilder(List.of("openssl", "s_time", "-connect",
                    "127.0.0.1:" + weft.address().getPort(), "-new", "-time", "1")).redirectErrorStream(true).start();
            assertTrue(timing.waitFor(30, TimeUnit.SECONDS), "s_time ended");
            String output = new String(timing.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Matcher done = Pattern.compile("(\\d+) connections in [0-9.]+ real seconds").matcher(output);
            assertTrue(done.find(), output);
            long handshakes = Long.parseLong(done.group(1));
            assertTrue(handshakes > 10, output);
            String sessions = "weft_listener_tls_sessions_total{listener=\"secure\",engine=\"" + engine.keyword();
            String full = sessions + "\",kind=\"full\"} ";
            Await.until(() -> value(weft, full) == handshakes, Duration.ofSeconds(10),
                    () -> handshakes + " handshakes by s_time; metrics:\n" + weft.server().metrics());
            String metrics = weft.server().metrics();
            assertEquals(handshakes, value(weft, "weft_listener_tls_handshake_seconds_count{listener=\"secure\"} "),
                    metrics);
            assertTrue(metrics.lines().filter(line -> line.startsWith("weft_listener_handshake_failures_total"))
                    .allMatch(line -> line.endsWith(" 0")), metrics);
            assertEquals(0, value(weft, sessions + "\",kind=\"resumed\"} "), metrics);
        }
    }

    private static long value(WeftFixture weft, String prefix) {
        return weft.server().metrics().lines().filter(line -> line.startsWith(prefix))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(prefix.length()))).sum();
    }
}
