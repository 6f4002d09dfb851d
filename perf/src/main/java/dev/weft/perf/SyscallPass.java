package dev.weft.perf;

import dev.weft.perf.tools.StraceSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * System calls per operation: {@code strace -f -c} attached to every thread of a target's processes while a
 * scenario runs, then detached (SIGTERM makes strace write its table), each count divided by the operations the
 * tool reported in that same run. strace slows the traced process a great deal, so this pass gives counts, never
 * rates; the rates come from the rounds.
 */
final class SyscallPass {
    private static final Duration ATTACH = Duration.ofSeconds(20);

    private SyscallPass() {
    }

    /**
     * @return {@code syscalls_per_op} and {@code failed_syscalls_per_op}, then {@code sys_<name>} and
     *         {@code err_<name>} per operation for each system call seen
     */
    static Map<String, Double> measure(List<Long> pids, LoadScenario scenario, java.net.InetSocketAddress target,
                                       Duration duration, ToolRunner tools) throws Exception {
        Path table = Files.createTempFile(tools.scratch(), "strace-", ".txt");
        Path messages = Files.createTempFile(tools.scratch(), "strace-", ".log");
        try {
            List<String> command = new ArrayList<>(List.of("strace", "-f", "-c", "-o", table.toString()));
            for (long pid : pids) {
                command.addAll(List.of("-p", Long.toString(pid)));
            }
            Process strace = new ProcessBuilder(tools.placed(command)).redirectErrorStream(true)
                    .redirectOutput(messages.toFile()).start();
            Measurement measured;
            try {
                awaitAttached(strace, messages, pids.size());
                measured = scenario.run(target, duration, tools);
            } finally {
                strace.destroy();
                if (!strace.waitFor(60, TimeUnit.SECONDS)) {
                    strace.destroyForcibly();
                }
            }
            StraceSummary summary = StraceSummary.parse(Files.readString(table, StandardCharsets.ISO_8859_1));
            double operations = measured.operations();
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put(Report.SYSCALLS, summary.total() / operations);
            figures.put("failed_syscalls_per_op", summary.totalErrors() / operations);
            summary.calls().forEach((name, calls) -> figures.put("sys_" + name, calls / operations));
            summary.errors().forEach((name, errors) -> figures.put("err_" + name, errors / operations));
            return figures;
        } finally {
            Files.deleteIfExists(table);
            Files.deleteIfExists(messages);
        }
    }

    /** strace says "Process N attached" (with "with K threads" for a multi-threaded one) once per -p. */
    private static void awaitAttached(Process strace, Path messages, int processes)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + ATTACH.toNanos();
        while (true) {
            String text = Files.readString(messages, StandardCharsets.ISO_8859_1);
            if (text.split(" attached", -1).length - 1 >= processes) {
                return;
            }
            if (!strace.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("strace did not attach to the target: "
                        + text.strip().lines().findFirst().orElse("(no output)"));
            }
            Thread.sleep(10);
        }
    }
}
