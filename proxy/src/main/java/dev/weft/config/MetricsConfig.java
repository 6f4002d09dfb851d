package dev.weft.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code weft.metrics}: the memory-mapped counters file that {@code bin/weft stat} reads.
 *
 * @param enabled         whether the file is written at all
 * @param countersFile    the file's path; empty for the default (see {@link #path})
 * @param publishInterval how often the counters are written to it
 * @param capacity        how many counters it has room for
 */
public record MetricsConfig(boolean enabled, String countersFile, Duration publishInterval, int capacity) {

    /** The file of process {@code pid}: as configured, or {@code weft-<pid>.counters} in /dev/shm or the temp dir. */
    public Path path(long pid) {
        return countersFile.isEmpty() ? defaultPath(pid) : Path.of(countersFile);
    }

    public static Path defaultPath(long pid) {
        Path shm = Path.of("/dev/shm");
        return (Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir")))
                .resolve("weft-" + pid + ".counters");
    }
}
