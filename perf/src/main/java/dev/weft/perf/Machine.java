package dev.weft.perf;

import dev.weft.perf.tools.Program;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What a report says about where it ran. */
final class Machine {
    private Machine() {
    }

    static String describe() throws IOException {
        String cpu = "unknown CPU";
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.exists(cpuinfo)) {
            for (String line : Files.readAllLines(cpuinfo)) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).strip();
                    break;
                }
            }
        }
        String kernel = Files.exists(Path.of("/proc/sys/kernel/osrelease"))
                ? Files.readAllLines(Path.of("/proc/sys/kernel/osrelease")).getFirst().strip()
                : System.getProperty("os.version");
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), Linux " + kernel + ", "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB max heap for the load generator";
    }

    /**
     * The versions of the JDK, the peers and every load tool, each as the tool itself prints it, so that a reader
     * can reproduce the run with the same builds.
     */
    static String versions(String path) {
        List<String> versions = new ArrayList<>(List.of("JDK " + Runtime.version()));
        for (List<String> command : List.of(List.of("haproxy", "-v"), List.of("nginx", "-v"),
                List.of("iperf3", "--version"), List.of("sockperf", "--version"), List.of("wrk", "-v"),
                List.of("redis-benchmark", "--version"), List.of("openssl", "version"), List.of("socat", "-V"),
                List.of("strace", "-V"))) {
            if (new Program(command.getFirst(), "").locate(path).isPresent()) {
                versions.add(version(command));
            }
        }
        return String.join("; ", versions);
    }

    /** The commit of the Weft tree measured, with {@code +changes} when the work tree differs from it. */
    static String commit(Path weftHome) {
        String head = firstLine("git", "-C", weftHome.toString(), "rev-parse", "--short", "HEAD");
        String dirty = firstLine("git", "-C", weftHome.toString(), "status", "--porcelain", "--untracked-files=no");
        return head.contains(" ") ? "unknown (" + head + ")"
                : head + (dirty.isEmpty() || dirty.endsWith("no output") ? "" : " +changes");
    }

    /** The line of a tool's version output that names its version (socat prints a banner first). */
    private static String version(List<String> command) {
        String output = output(command.toArray(String[]::new));
        return output.lines().filter(line -> line.matches("(?i).*(version|\\d+\\.\\d+).*")).findFirst()
                .orElse(command.getFirst() + ": " + output.lines().findFirst().orElse("no output")).strip();
    }

    private static String firstLine(String... command) {
        String output = output(command);
        return output.isEmpty() ? command[0] + ": no output" : output.lines().findFirst().orElse("");
    }

    private static String output(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            process.waitFor(10, TimeUnit.SECONDS);
            return output;
        } catch (IOException e) {
            return command[0] + " not installed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return command[0] + ": interrupted";
        }
    }
}
