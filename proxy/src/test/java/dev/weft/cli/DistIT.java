package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.WeftProcess;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployable archive, built as {@code mvn -Pdist package} builds it, unpacked in a temp directory and run
 * with its own runtime: no JDK on the PATH, no JAVA_HOME, no JDK directory to find.
 */
@Timeout(value = 170, unit = TimeUnit.SECONDS)
class DistIT {
    @TempDir
    Path dir;

    @Test
    void theArchiveRunsOnItsBundledRuntime() throws Exception {
        Path home = WeftProcess.home();
        Process build = new ProcessBuilder("sh", home.resolve("packaging/dist.sh").toString(),
                System.getProperty("java.home"), "test", dir.toString()).redirectErrorStream(true).start();
        String built = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, build.waitFor(), built);
        Path archive = Path.of(built.lines().reduce((a, b) -> b).orElseThrow());
        assertTrue(archive.getFileName().toString().matches("weft-test-linux-\\w+\\.tar\\.gz"), built);
        assertEquals(0, new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", dir.toString()).start().waitFor());
        Path unpacked = dir.resolve(archive.getFileName().toString().replace(".tar.gz", ""));
        for (String part : new String[] {"bin/weft", "lib/weft.jar", "runtime/bin/java", "conf/weft.conf",
                "packaging/weft.service", "docs/CONFIG.md", "docs/DEPLOY.md"}) {
            assertTrue(Files.exists(unpacked.resolve(part)), part + " in the archive");
        }

        // A PATH with only the tools the launcher uses: no java anywhere but the archive's own runtime.
        Path tools = Files.createDirectories(dir.resolve("tools"));
        for (String tool : new String[] {"sh", "dirname", "sed", "head", "ls", "sort", "cat", "tr", "find"}) {
            for (String bin : new String[] {"/bin/", "/usr/bin/"}) {
                if (Files.isExecutable(Path.of(bin + tool)) && !Files.exists(tools.resolve(tool))) {
                    Files.createSymbolicLink(tools.resolve(tool), Path.of(bin + tool));
                }
            }
        }
        Map<String, String> bare = Map.of("PATH", tools.toString(), "WEFT_JVM_DIR", dir.resolve("no-jdks").toString());

        for (String shipped : List.of("LICENSE", "packaging/weft.service", "packaging/weft.logrotate",
                "packaging/Dockerfile", "packaging/prometheus/weft-alerts.yml", "packaging/grafana/weft-dashboard.json")) {
            assertTrue(Files.isRegularFile(unpacked.resolve(shipped)), shipped + " is in the archive");
        }
        Path weft = unpacked.resolve("bin/weft");
        Result version = run(List.of(weft.toString(), "version"), bare);
        assertEquals(0, version.status(), version.output());
        assertTrue(version.output().contains("(Java 25"), version.output());

        try (TestServer backend = TestServer.start(TestServer.ECHO)) {
            Path config = Files.writeString(dir.resolve("weft.conf"), """
                    weft {
                      listeners.front { bind = "127.0.0.1:0", backend = app }
                      backends.app { endpoints = ["%s"], health-check.enabled = false }
                      admin.bind = "127.0.0.1:0"
                      control.socket = "%s"
                    }
                    """.formatted(backend.hostPort(), dir.resolve("control.sock")));
            Result check = run(List.of(weft.toString(), "check", "--config", config.toString()), bare);
            assertEquals(0, check.status(), check.output());

            ProcessBuilder builder = new ProcessBuilder(weft.toString(), "run", "--config", config.toString())
                    .redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(bare);
            Process running = builder.start();
            try {
                int port = listeningPort(running);
                try (SocketChannel client = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
                    Streams.write(client, "from the archive");
                    assertEquals("from the archive", Streams.readExactly(client, 16));
                }
                assertTrue(running.info().command().orElse("").startsWith(unpacked.resolve("runtime").toString()),
                        "runs on the bundled runtime: " + running.info().command().orElse("?"));
                Result endpoints = run(List.of(weft.toString(), "show", "endpoints", "--socket",
                        dir.resolve("control.sock").toString()), bare);
                assertEquals(0, endpoints.status(), endpoints.output());
                assertTrue(endpoints.output().contains(backend.hostPort()), endpoints.output());
            } finally {
                running.destroy();
                running.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private record Result(int status, String output) {
    }

    private static Result run(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }

    /** Reads the process's output until the listener's startup line gives the port. */
    private static int listeningPort(Process process) throws Exception {
        StringBuilder seen = new StringBuilder();
        Pattern listening = Pattern.compile("listener 'front' listening on 127\\.0\\.0\\.1:(\\d+)");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        var in = process.getInputStream();
        while (System.nanoTime() < deadline) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            seen.append((char) c);
            Matcher matcher = listening.matcher(seen);
            if (c == '\n' && matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
        }
        throw new AssertionError("never listened: " + seen);
    }
}
