package dev.weft.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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

/** Weft started as a user starts it: {@code bin/weft ...} in a child process, output captured line by line. */
public final class WeftProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listener '([^']+)' listening on [^ ]*:(\\d+) ");

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread collector;

    private WeftProcess(Process process) {
        this.process = process;
        this.collector = Thread.ofVirtual().name("weft-process-output").start(this::collect);
    }

    /** The checkout's root: failsafe runs in the proxy module's directory. */
    /** Added to every command: see {@link #start(List, Map)}. */
    public static final String ADMIN_ANY_PORT = "-Dweft.admin.bind=127.0.0.1:0";

    public static Path home() {
        Path root = Path.of("").toAbsolutePath();
        return Files.exists(root.resolve("bin/weft")) ? root : root.getParent();
    }

    public static WeftProcess start(List<String> args) throws IOException {
        return start(args, Map.of());
    }

    public static WeftProcess start(List<String> args, Map<String, String> environment) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(home().resolve("bin/weft").toString());
        // Any free port for the admin server, so that processes of concurrent or leftover tests never collide.
        command.add(ADMIN_ANY_PORT);
        command.addAll(args);
        return startCommand(command, environment);
    }

    /** Any command line, for wrapping the launcher (for example in a shell that lowers ulimit -n). */
    public static WeftProcess startCommand(List<String> command, Map<String, String> environment)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(home().toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        return new WeftProcess(builder.start());
    }

    private void collect() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // The process ended.
        }
    }

    public long pid() {
        return process.pid();
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    public synchronized String output() {
        return String.join("\n", lines);
    }

    /** Waits for a line containing {@code text}. */
    public synchronized String awaitLine(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (true) {
            for (; seen < lines.size(); seen++) {
                if (lines.get(seen).contains(text)) {
                    return lines.get(seen);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || !collector.isAlive()) {
                throw new AssertionError("no line containing '" + text + "' within " + timeout + "; output:\n"
                        + output());
            }
            wait(Math.max(1, Math.min(left / 1_000_000, 100)));
        }
    }

    /** Waits for the "listening" line of {@code listener} and returns its port. */
    public int awaitListeningPort(String listener, Duration timeout) throws InterruptedException {
        Matcher matcher = LISTENING.matcher(awaitLine("listener '" + listener + "' listening on", timeout));
        if (!matcher.find()) {
            throw new AssertionError("unexpected listening line in:\n" + output());
        }
        return Integer.parseInt(matcher.group(2));
    }

    public void signal(String name) throws IOException, InterruptedException {
        int status = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start().waitFor();
        if (status != 0) {
            throw new IOException("kill -" + name + " " + pid() + " exited " + status);
        }
    }

    /** Waits for the process to exit and returns its status. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + "; output:\n" + output());
        }
        // The output pipe closes when the process exits; wait until every line it wrote has been collected.
        collector.join(Duration.ofSeconds(10));
        return process.exitValue();
    }

    /** Resident set size in bytes, from /proc. */
    public long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid() + "/status");
    }

    /** User plus system CPU time consumed so far, in clock ticks (normally 1/100 s). */
    public long cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /**
     * Stops it as an operator would, with SIGTERM, so that it removes the files it made (its counters file in
     * /dev/shm, control socket and token): a SIGKILL left three behind for every such test, run after run. A second
     * SIGTERM skips the drain of connections the test left open; SIGKILL only if neither ended it.
     */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(1, TimeUnit.SECONDS)) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Runs a launcher command to completion, for commands that exit by themselves. */
    public static Result run(List<String> args, Map<String, String> environment) throws Exception {
        try (WeftProcess weft = start(args, environment)) {
            int status = weft.awaitExit(Duration.ofSeconds(60));
            return new Result(status, weft.output());
        }
    }

    public record Result(int status, String output) {
    }
}
