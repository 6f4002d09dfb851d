package dev.weft.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.config.ProxyProtocolVersion;
import dev.weft.proxyprotocol.ProxyHeader;
import dev.weft.proxyprotocol.ProxyHeaderWriter;
import dev.weft.proxyprotocol.TlsDetails;
import dev.weft.testkit.TlsKit;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs each Jazzer target with Jazzer's standalone driver, coverage-guided, in a child JVM, from a corpus of valid
 * inputs: a short run in the suite ({@value #SUITE_SECONDS} s each), a long one with
 * {@code -Dweft.fuzz.seconds=N} or {@code -Dweft.fuzz.runs=N}. A crash, which is any exception the target lets
 * out, fails the test with the input that caused it, saved under the test's directory.
 */
class FuzzTargetsTest {
    private static final int SUITE_SECONDS = 8;

    @TempDir
    Path dir;

    @Test
    void proxyHeaders() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        ProxyHeader v4 = new ProxyHeader(new InetSocketAddress("192.0.2.10", 56324),
                new InetSocketAddress("198.51.100.1", 443));
        ProxyHeader v6 = new ProxyHeader(new InetSocketAddress("2001:db8::1", 1234),
                new InetSocketAddress("2001:db8::2", 443));
        for (ProxyProtocolVersion version : new ProxyProtocolVersion[] {ProxyProtocolVersion.V1,
                ProxyProtocolVersion.V2}) {
            for (ProxyHeader header : new ProxyHeader[] {v4, v6, ProxyHeader.LOCAL}) {
                ByteBuffer out = ByteBuffer.allocate(4096);
                ProxyHeaderWriter.write(version, header, new TlsDetails("api.example.com", "h2", "TLSv1.3",
                        "TLS_AES_128_GCM_SHA256", null), out);
                seeds.add(Arrays.copyOf(out.array(), out.position()));
            }
        }
        fuzz("ProxyHeaderFuzzer", seeds);
    }

    @Test
    void clientHellos() throws Exception {
        fuzz("ClientHelloFuzzer", List.of(TlsKit.clientHello("api.example.com"), TlsKit.clientHello(null)));
    }

    @Test
    void configs() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        try (InputStream demo = Objects.requireNonNull(getClass().getClassLoader()
                .getResourceAsStream("dev/weft/demo/demo.conf"))) {
            seeds.add(demo.readAllBytes());
        }
        seeds.add("""
                weft {
                  listeners.web { bind = "127.0.0.1:7000", backend = app, access { deny = ["10.0.0.0/8"] }
                                  limits.per-client { connections = 5, new-connections-per-second = 2.5 } }
                  backends.app {
                    groups { near { endpoints = ["127.0.0.1:9001", { address = "127.0.0.1:9002", weight = 3 }] }
                             far { dns = "localhost:9003", distance = 10, capacity-scaler = 0.5 } }
                    health-check { type = send-expect, send = "PING", expect = "+PONG", interval = 1s }
                    tcp-keepalive { idle = 60s }, max-connection-lifetime = 1h, connect-retries = 1
                  }
                  admin { bind = "127.0.0.1:9901", open-paths = ["/metrics"] }
                }
                """.getBytes(StandardCharsets.UTF_8));
        fuzz("ConfigFuzzer", seeds);
    }

    private void fuzz(String target, List<byte[]> seeds) throws IOException, InterruptedException {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        for (int i = 0; i < seeds.size(); i++) {
            Files.write(corpus.resolve("seed-" + i), seeds.get(i));
        }
        Path crashes = Files.createDirectories(dir.resolve("crashes"));
        String runs = System.getProperty("weft.fuzz.runs");
        String seconds = System.getProperty("weft.fuzz.seconds", Integer.toString(SUITE_SECONDS));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:+EnableDynamicAgentLoading", "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "com.code_intelligence.jazzer.Jazzer",
                "--target_class=dev.weft.fuzz." + target, "--instrumentation_includes=dev.weft.**:com.typesafe.**",
                "-timeout=20", "-rss_limit_mb=3072", "-artifact_prefix=" + crashes + "/"));
        command.add(runs != null ? "-runs=" + runs : "-max_total_time=" + seconds);
        command.add(corpus.toString());
        Path output = dir.resolve("jazzer.log");
        Process jazzer = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        long allowed = runs != null ? TimeUnit.HOURS.toSeconds(2) : Long.parseLong(seconds) + 120;
        if (!jazzer.waitFor(allowed, TimeUnit.SECONDS)) {
            jazzer.destroyForcibly();
        }
        String log = Files.readString(output, StandardCharsets.ISO_8859_1);
        String tail = log.substring(Math.max(0, log.length() - 4000));
        try (var found = Files.list(crashes)) {
            List<Path> inputs = found.toList();
            assertEquals(List.of(), inputs, target + " crashed; the inputs are kept there:\n" + tail);
        }
        assertEquals(0, jazzer.exitValue(), tail);
        Matcher done = Pattern.compile("Done (\\d+) runs in (\\d+) second").matcher(log);
        assertTrue(done.find(), tail);
        long executed = Long.parseLong(done.group(1));
        assertTrue(executed > 1000, target + " ran only " + executed + " inputs");
        assertTrue(log.contains("cov: "), "coverage-guided: Jazzer instrumented the parser\n" + tail);
        System.out.println(target + ": " + executed + " inputs in " + done.group(2) + " s, no crash");
    }
}
