package dev.weft.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Waits for a TCP port on loopback to be listening by reading {@code /proc/net/tcp}, not by connecting: a probe
 * connection would count as a test client to iperf3 and as a request to the others.
 */
final class Listening {
    private static final String LISTEN = "0A";
    private static final Path TCP = Path.of("/proc/net/tcp");

    private Listening() {
    }

    static void await(int port, Duration timeout, Process process, String name) throws IOException,
            InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String local = String.format(Locale.ROOT, ":%04X ", port);
        while (!listening(local)) {
            if (process != null && !process.isAlive()) {
                throw new IOException(name + " exited with status " + process.exitValue() + " before listening on "
                        + port);
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(name + " is not listening on port " + port + " after " + timeout.toSeconds()
                        + " s");
            }
            Thread.sleep(10);
        }
    }

    private static boolean listening(String local) throws IOException {
        for (String line : Files.readAllLines(TCP)) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length > 3 && (fields[1] + " ").endsWith(local) && fields[3].equals(LISTEN)) {
                return true;
            }
        }
        return false;
    }
}
