package dev.weft.perf;

import dev.weft.perf.tools.ToolProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the load tools on the CPUs the plan gives them, with the thread count they may use, and keeps their
 * scratch files in one directory.
 */
record ToolRunner(CpuPlan cpus, Path scratch) {
    /** How long a tool may run past its nominal duration before it is killed as hung. */
    static final Duration GRACE = Duration.ofSeconds(60);

    ToolProcess run(List<String> command, Duration duration) throws IOException, InterruptedException {
        return ToolProcess.run(placed(command), duration.plus(GRACE), scratch).requireSuccess();
    }

    /** {@code command} behind the plan's {@code taskset}, if it pins. */
    List<String> placed(List<String> command) {
        List<String> placed = new ArrayList<>(cpus.toolPrefix());
        placed.addAll(command);
        return placed;
    }

    /** Tools take whole seconds (iperf3, sockperf, wrk, s_time): the duration rounded, at least one. */
    static long seconds(Duration duration) {
        return Math.max(1, Math.round(duration.toMillis() / 1000.0));
    }
}
