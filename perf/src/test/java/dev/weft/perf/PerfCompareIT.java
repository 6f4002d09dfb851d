package dev.weft.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/weft perf compare} as a user runs it, with tiny durations: the report must be well-formed. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PerfCompareIT {
    @TempDir
    Path out;

    @Test
    void quickCompareOfWeftAloneWritesAWellFormedReport() throws Exception {
        Path home = Path.of("").toAbsolutePath().getParent();
        // Without /usr/sbin on PATH, HAProxy cannot be found: the report must say so and go on.
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/weft").toString(), "perf", "compare", "--quick",
                "--scenarios", "rr,tls-handshake-ec,tls-throughput", "--targets", "weft-jdk,haproxy", "--rounds", "1", "--duration", "200ms",
                "--out", out.toString()).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(out.resolve("perf.log").toFile());
        builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        Process process = builder.start();
        assertTrue(process.waitFor(170, TimeUnit.SECONDS), "compare finished");
        String log = Files.readString(out.resolve("perf.log"), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), log);

        Path run;
        try (Stream<Path> runs = Files.list(out)) {
            run = runs.filter(Files::isDirectory).findFirst().orElseThrow(() -> new AssertionError(log));
        }
        String report = Files.readString(run.resolve("report.md"));
        assertTrue(report.startsWith("# Weft performance comparison"), report);
        assertTrue(report.contains("| figure | weft-jdk | weft-jdk ÷ haproxy |"), report);
        assertTrue(report.matches("(?s).*\\| rr p50 \\(µs\\) ↓ \\| [0-9.,]+ \\| n/a \\|.*"), report);
        assertTrue(report.matches("(?s).*\\| TLS 1\\.3 full handshakes/s, ECDSA P-256 ↑ \\| [0-9.,]+ \\| n/a \\|.*"),
                report);
        assertTrue(report.matches("(?s).*\\| TLS throughput, 1 connection \\(Gbit/s\\) ↑ \\| [0-9.,]+ \\| n/a \\|.*"),
                report);
        assertTrue(report.contains("haproxy skipped: HAProxy is not installed"), report);
        assertTrue(report.contains("**machine:**") && report.contains("**command:** `bin/weft perf compare"), report);
        assertTrue(Files.size(run.resolve("rr-latency.png")) > 0);
        assertTrue(Files.exists(run.resolve("hgrm/rr-weft-jdk.hgrm")));
        var json = ConfigFactory.parseFile(run.resolve("results.json").toFile());
        assertEquals("weft-jdk", json.getConfigList("results").getFirst().getString("target"));
    }
}
