package dev.weft.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.ConfigFactory;
import dev.weft.perf.tools.Program;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/weft perf compare} as a user runs it, with tiny durations, against the packaged Weft. */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class PerfCompareIT {
    private static final Path HOME = Path.of("").toAbsolutePath().getParent();
    /** What the comparison may run: hidden from the first test, whether this machine has it or not. */
    private static final Set<String> TOOLS = Set.of("iperf3", "sockperf", "wrk", "nginx", "redis-server",
            "redis-benchmark", "openssl", "socat", "strace", "haproxy");

    @TempDir
    Path out;
    /** The PATH of links made by {@link #pathWithout}, removed by the test itself: JUnit warns of every link. */
    private Path links;

    @AfterEach
    void removeLinks() throws IOException {
        if (links != null) {
            try (Stream<Path> all = Files.list(links)) {
                for (Path link : all.toList()) {
                    Files.delete(link);
                }
            }
            Files.delete(links);
        }
    }

    @Test
    void missingToolsAreNamedWithTheirInstallLineAndOnlyTheirScenariosAreSkipped() throws Exception {
        Path bin = pathWithout(TOOLS);
        String report = compare(bin.toString(), "--scenarios", "bulk-up-1,rr,http-keepalive,idle,integrity", "--targets",
                "direct,weft-native-splice,haproxy", "--idle-connections", "200");
        assertTrue(report.contains("- **note:** scenario bulk-up-1 skipped: iperf3 is not installed"
                + " (apt-get install -y iperf3)"), report);
        assertTrue(report.contains("- **note:** scenario rr skipped: sockperf is not installed"
                + " (apt-get install -y sockperf)"), report);
        assertTrue(report.contains("- **note:** scenario http-keepalive skipped: wrk, nginx are not installed"
                + " (apt-get install -y wrk nginx-light)"), report);
        assertTrue(report.contains("- **note:** haproxy skipped: haproxy is not installed"
                + " (apt-get install -y haproxy)"), report);
        assertTrue(report.contains("- **note:** system calls per operation not measured: strace is not installed"
                + " (apt-get install -y strace)"), report);
        // The Java generator's scenarios need nothing else, and still run.
        assertTrue(report.matches("(?s).*\\| idle proxied connection, RSS KiB ↓ \\| — \\| [0-9.,]+ \\| n/a \\| n/a"
                + " \\|.*"), report);
        assertTrue(report.contains("intact through direct"), report);
        assertFalse(report.contains("Gbit/s"), "no row of a skipped scenario: " + report);
    }

    @Test
    void aShortSockperfRunMeasuresDirectAndWeftWithCpuAndSystemCalls() throws Exception {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        assumeTrue(Program.SOCKPERF.locate(path).isPresent(),
                "sockperf is not installed (apt-get install -y sockperf): the real-tool run is skipped");
        List<String> args = new ArrayList<>(List.of("--scenarios", "rr", "--targets", "direct,weft-native-splice",
                "--syscall-duration", "1s"));
        boolean pin = Runtime.getRuntime().availableProcessors() >= 2;
        if (pin) {
            args.add("--pin");
        }
        String report = compare(path, args.toArray(String[]::new));
        assertTrue(report.matches("(?s).*\\| 64 B ping-pong \\(sockperf\\), round trips/s ↑ \\| [0-9,]+ \\| [0-9,]+"
                + " \\| n/a \\| n/a \\|.*"), report);
        assertTrue(report.matches("(?s).*\\| 64 B ping-pong, added p99 over direct µs ↓ \\| 0\\.00 \\| -?[0-9.,]+"
                + " \\|.*"), report);
        assertTrue(report.matches("(?s).*\\| 64 B ping-pong, proxy CPU µs per round trip ↓ \\| — \\| [0-9.,]+ \\|.*"),
                report);
        if (Program.STRACE.locate(path).isPresent()) {
            assertTrue(report.matches("(?s).*\\| 64 B ping-pong, system calls per round trip ↓ \\| — \\| [0-9.]+"
                    + " \\|.*"), report);
        }
        assertTrue(report.contains("sockperf ping-pong --tcp -i 127.0.0.1 -p "), report);
        if (pin) {
            assertTrue(report.contains("pinned: proxies on CPU 0, load tools and backends on CPU 1"), report);
            assertTrue(report.contains("taskset -c 1 sockperf ping-pong"), report);
        }
        assertTrue(Files.size(latestRun().resolve("rr-added-p99.png")) > 1000);
        var json = ConfigFactory.parseFile(latestRun().resolve("results.json").toFile());
        assertTrue(json.getConfigList("results").stream().anyMatch(r -> r.getString("target")
                .equals("weft-native-splice") && r.getConfigList("rounds").getFirst().getDouble("p99_us") > 0));
    }

    private String compare(String path, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(HOME.resolve("bin/weft").toString(), "perf", "compare",
                "--quick", "--rounds", "1", "--duration", "1s", "--out", out.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(HOME.toFile()).redirectErrorStream(true)
                .redirectOutput(out.resolve("perf.log").toFile());
        builder.environment().put("PATH", path);
        Process process = builder.start();
        assertTrue(process.waitFor(220, TimeUnit.SECONDS), "compare finished");
        String log = Files.readString(out.resolve("perf.log"), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), log);
        Path run = latestRun();
        String report = Files.readString(run.resolve("report.md"));
        assertTrue(report.startsWith("# Weft performance comparison"), report);
        assertTrue(report.contains("**commit:**") && report.contains("**command:** `bin/weft perf compare"), report);
        return report;
    }

    private Path latestRun() throws IOException {
        try (Stream<Path> runs = Files.list(out)) {
            return runs.filter(Files::isDirectory).sorted()
                    .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no report directory in " + out));
        }
    }

    /** A PATH directory with every program of /usr/bin and /bin but {@code hidden}, as links. */
    private Path pathWithout(Set<String> hidden) throws IOException {
        Path bin = Files.createTempDirectory("weft-perf-path");
        links = bin;
        for (String dir : List.of("/usr/local/bin", "/usr/bin", "/bin")) {
            if (!Files.isDirectory(Path.of(dir))) {
                continue;
            }
            try (Stream<Path> programs = Files.list(Path.of(dir))) {
                for (Path program : programs.toList()) {
                    Path link = bin.resolve(program.getFileName().toString());
                    if (!hidden.contains(program.getFileName().toString()) && !Files.exists(link,
                            java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, program);
                    }
                }
            }
        }
        return bin;
    }
}
