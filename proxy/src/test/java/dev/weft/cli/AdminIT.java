package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.Await;
import dev.weft.testkit.PrometheusParser;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.WeftProcess;
import dev.weft.tls.SelfSignedCertificate;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin port of the packaged Weft: metrics that match the traffic, health, config, drain, reload. */
class AdminIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    /** The bearer token Weft wrote at start, or null to send none. */
    private String token;

    private HttpRequest.Builder request(int port, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(request(port, path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int port, String path) throws Exception {
        return http.send(request(port, path).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long value(String metrics, String sample) {
        Matcher matcher = Pattern.compile("^" + Pattern.quote(sample) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        assertTrue(matcher.find(), sample + " in\n" + metrics);
        return (long) Double.parseDouble(matcher.group(1));
    }

    @Test
    void metricsHealthConfigDrainAndReload() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(SelfSignedCertificate.KeyKind.EC,
                Duration.ofDays(1), "admin.test");
        Path p12 = dir.resolve("site.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("site", certificate.keys().getPrivate(), "s3cret".toCharArray(),
                certificate.chain().toArray(X509Certificate[]::new));
        try (OutputStream out = Files.newOutputStream(p12)) {
            store.store(out, "s3cret".toCharArray());
        }
        try (TestServer backend = TestServer.start(TestServer.ECHO)) {
            Path config = Files.writeString(dir.resolve("weft.conf"), """
                    weft {
                      listeners {
                        front { bind = "127.0.0.1:0", backend = app }
                        secure { bind = "127.0.0.1:0", backend = app, protocol = tls,
                                 tls.certificates = [{ pkcs12 = "%s", password = "s3cret" }] }
                      }
                      backends.app { endpoints = ["%s"], health-check { enabled = false, type = send-expect,
                                     send = "AUTH hunter2", expect = "+OK" } }
                    }
                    """.formatted(p12, backend.hostPort()));
            try (WeftProcess weft = WeftProcess.start(List.of("run", "--config", config.toString()))) {
                int front = weft.awaitListeningPort("front", WAIT);
                String adminLine = weft.awaitLine("admin port http://127.0.0.1:", WAIT);
                int admin = Integer.parseInt(adminLine.replaceAll(".*admin port http://127\\.0\\.0\\.1:(\\d+).*", "$1"));
                Path tokenFile = Path.of(adminLine.replaceAll(".*; token in (\\S+).*", "$1"));

                for (int i = 0; i < 5; i++) {
                    try (SocketChannel client = SocketChannel.open(new InetSocketAddress("127.0.0.1", front))) {
                        Streams.write(client, "0123456789");
                        assertEquals("0123456789", Streams.readExactly(client, 10));
                    }
                }
                String endpoint = "backend=\"app\",group=\"default\",endpoint=\"" + backend.hostPort() + "\"";
                // Bytes are counted when a connection closes, which Weft sees a moment after the client.
                long deadline = System.nanoTime() + WAIT.toNanos();
                String metrics;
                do {
                    metrics = get(admin, "/metrics").body();
                } while (value(metrics, "weft_listener_received_bytes_total{listener=\"front\"}") < 50
                        && System.nanoTime() < deadline);
                assertEquals(5, value(metrics, "weft_listener_connections_accepted_total{listener=\"front\"}"));
                assertEquals(50, value(metrics, "weft_listener_received_bytes_total{listener=\"front\"}"));
                assertEquals(50, value(metrics, "weft_listener_sent_bytes_total{listener=\"front\"}"));
                assertEquals(5, value(metrics, "weft_endpoint_connections_total{" + endpoint + "}"));
                assertEquals(1, value(metrics, "weft_endpoint_up{" + endpoint + "}"));
                assertEquals(5, value(metrics, "weft_backend_connect_seconds_count{backend=\"app\"}"));
                assertTrue(metrics.contains("# TYPE weft_listener_tls_handshake_seconds histogram"), metrics);
                assertTrue(metrics.contains("weft_listener_handshakes_total{listener=\"secure\""), metrics);
                assertTrue(!metrics.contains("weft_listener_handshakes_total{listener=\"front\"")
                        && !metrics.contains("weft_listener_tls_handshake_seconds_count{listener=\"front\""),
                        "no TLS series for a plain listener: " + metrics);
                List<PrometheusParser.Sample> parsed = PrometheusParser.parse(metrics);
                assertEquals(5.0, parsed.stream().filter(sample -> sample.name().equals(
                        "weft_listener_connections_accepted_total") && "front".equals(sample.labels().get("listener")))
                        .findFirst().orElseThrow().value(), "the parsed page says what the traffic was");

                assertEquals(401, get(admin, "/config").statusCode(), "the config needs the token");
                assertEquals(401, post(admin, "/drain").statusCode());
                assertEquals(200, get(admin, "/healthz").statusCode(), "still serving: the drain was refused");
                token = Files.readString(tokenFile).strip();
                HttpResponse<String> shown = get(admin, "/config");
                assertEquals(200, shown.statusCode());
                assertTrue(shown.body().contains("\"<redacted>\"") && !shown.body().contains("s3cret")
                        && !shown.body().contains("hunter2"), shown.body());
                assertEquals(405, post(admin, "/metrics").statusCode());
                assertEquals(404, get(admin, "/nothing-here").statusCode());

                // The runtime API, as JSON: the token is needed, a bad command is 422, a good one changes state.
                HttpResponse<String> endpoints = get(admin, "/endpoints");
                assertEquals(200, endpoints.statusCode(), endpoints.body());
                assertTrue(endpoints.body().contains("\"endpoint\": \"" + backend.hostPort() + "\"")
                        && endpoints.body().contains("\"state\": \"ready\""), endpoints.body());
                HttpResponse<String> wrong = http.send(request(admin, "/runtime").POST(HttpRequest.BodyPublishers
                        .ofString("set endpoint app/" + backend.hostPort() + " state sleepy")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(422, wrong.statusCode(), wrong.body());
                assertTrue(wrong.body().startsWith("{\"ok\": false"), wrong.body());
                HttpResponse<String> drained = http.send(request(admin, "/runtime").POST(HttpRequest.BodyPublishers
                        .ofString("set endpoint app/" + backend.hostPort() + " weight 9")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, drained.statusCode(), drained.body());
                assertEquals(9, value(get(admin, "/metrics").body(), "weft_endpoint_weight{" + endpoint + "}"));
                HttpResponse<String> upgrade = http.send(request(admin, "/runtime").POST(HttpRequest.BodyPublishers
                        .ofString("upgrade")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(422, upgrade.statusCode(), "upgrade is the control socket's: " + upgrade.body());

                HttpResponse<String> reloaded = post(admin, "/reload");
                assertEquals(200, reloaded.statusCode(), reloaded.body());
                assertTrue(reloaded.body().startsWith("OK reloaded"), reloaded.body());

                assertEquals(200, get(admin, "/healthz").statusCode());
                SocketChannel held = SocketChannel.open(new InetSocketAddress("127.0.0.1", front));
                Streams.write(held, "held");
                assertEquals("held", Streams.readExactly(held, 4));
                assertEquals(200, post(admin, "/drain").statusCode());
                assertEquals(503, get(admin, "/healthz").statusCode());
                // The drain stops accepting on a thread of its own once its grace (0 here) is over, after the
                // 200: wait for the listener to close, with a deadline, instead of racing it.
                Await.until(() -> {
                    try {
                        SocketChannel.open(new InetSocketAddress("127.0.0.1", front)).close();
                        return false;
                    } catch (ConnectException refused) {
                        return true;
                    } catch (IOException other) {
                        return false;
                    }
                }, WAIT, () -> "the drained listener still accepts");
                Streams.write(held, "still");
                assertEquals("still", Streams.readExactly(held, 5), "open connections run on while draining");
                held.close();
                weft.signal("TERM");
                assertEquals(0, weft.awaitExit(WAIT), weft.output());
                assertTrue(!Files.exists(tokenFile), "the token Weft wrote is gone at exit");
            }
        }
    }
}
