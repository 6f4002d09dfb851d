package dev.weft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/weft bench} runs the packaged benchmarks and writes JMH's JSON; one tiny iteration each. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BenchLauncherIT {
    @TempDir
    Path dir;

    @Test
    void benchRunsEveryBenchmarkClassAndWritesJson() throws Exception {
        Path home = Path.of("").toAbsolutePath().getParent();
        Path json = dir.resolve("bench.json");
        Process process = new ProcessBuilder(home.resolve("bin/weft").toString(), "bench", "-f", "1", "-wi", "0",
                "-i", "1", "-r", "100ms", "-p", "bufferSize=65536", "-p", "endpoints=3", "-p", "balancing=RANDOM",
                "-rf", "json", "-rff", json.toString()).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("bench.log").toFile()).start();
        assertTrue(process.waitFor(110, TimeUnit.SECONDS));
        String log = Files.readString(dir.resolve("bench.log"));
        assertEquals(0, process.exitValue(), log);
        String results = Files.readString(json);
        for (String benchmark : new String[] {"BufferPoolBenchmark.acquireRelease", "BalancerBenchmark.reserve",
                "CopyPumpBenchmark.pump32MiB"}) {
            assertTrue(results.contains("dev.weft.bench." + benchmark), benchmark + " in " + results);
        }
    }
}
