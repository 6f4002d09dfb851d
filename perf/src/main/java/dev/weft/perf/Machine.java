package dev.weft.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    static String versions() {
        return "JDK " + Runtime.version() + "; " + firstLine("haproxy", "-v") + "; " + firstLine("nginx", "-v");
    }

    private static String firstLine(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            process.waitFor(10, TimeUnit.SECONDS);
            return output.isEmpty() ? command[0] + ": no output" : output.lines().findFirst().orElse("");
        } catch (IOException e) {
            return command[0] + " not installed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return command[0] + ": interrupted";
        }
    }
}
