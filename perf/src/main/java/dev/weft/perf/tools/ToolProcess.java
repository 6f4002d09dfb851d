package dev.weft.perf.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of an external tool to completion: its output (stdout and stderr together, through a file so that a
 * chatty tool never blocks on a full pipe), its exit status, and the wall-clock time it took.
 *
 * @param command what ran
 * @param output  everything it printed
 * @param status  its exit status
 * @param elapsed from start to exit
 */
public record ToolProcess(List<String> command, String output, int status, Duration elapsed) {

    /**
     * Runs {@code command} and waits for it, killing it after {@code timeout}.
     *
     * @throws IOException when it cannot start or does not finish in time
     */
    public static ToolProcess run(List<String> command, Duration timeout, Path scratch)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile(scratch, "tool-", ".log");
        try {
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IOException(command.getFirst() + " did not finish within " + timeout.toSeconds() + " s: "
                        + String.join(" ", command));
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            return new ToolProcess(List.copyOf(command), Files.readString(log, StandardCharsets.ISO_8859_1),
                    process.exitValue(), elapsed);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** @throws ToolOutputException when the tool failed, with the first line it printed */
    public ToolProcess requireSuccess() {
        if (status != 0) {
            throw new ToolOutputException(command.getFirst() + " exited with status " + status + ": "
                    + IperfJson.firstLine(output));
        }
        return this;
    }
}
