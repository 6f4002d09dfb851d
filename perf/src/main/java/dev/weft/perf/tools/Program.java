package dev.weft.perf.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * An external program the comparison runs, and the Debian package it comes from, so that a missing one can be
 * named with the line that installs it.
 *
 * @param name       the executable, looked up on {@code PATH}
 * @param debPackage the package that provides it
 */
public record Program(String name, String debPackage) {
    public static final Program IPERF3 = new Program("iperf3", "iperf3");
    public static final Program SOCKPERF = new Program("sockperf", "sockperf");
    public static final Program WRK = new Program("wrk", "wrk");
    public static final Program NGINX = new Program("nginx", "nginx-light");
    public static final Program REDIS_SERVER = new Program("redis-server", "redis-server");
    public static final Program REDIS_BENCHMARK = new Program("redis-benchmark", "redis-tools");
    public static final Program OPENSSL = new Program("openssl", "openssl");
    public static final Program SOCAT = new Program("socat", "socat");
    public static final Program STRACE = new Program("strace", "strace");
    public static final Program TASKSET = new Program("taskset", "util-linux");
    public static final Program HAPROXY = new Program("haproxy", "haproxy");

    /** @return where {@code PATH} (as given) has this program, if anywhere */
    public Optional<Path> locate(String path) {
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Optional.of(Path.of(dir, name));
            }
        }
        return Optional.empty();
    }

    /** {@code apt-get install -y p q}: the line that installs every program of {@code programs}. */
    public static String installLine(Collection<Program> programs) {
        Set<String> packages = new LinkedHashSet<>();
        programs.forEach(program -> packages.add(program.debPackage()));
        return "apt-get install -y " + String.join(" ", packages);
    }
}
