package dev.weft.perf;

import dev.weft.perf.tools.Program;
import java.util.List;

/**
 * How a comparison shares the machine: every proxy gets {@code threads} threads, and with {@code pin} the proxies
 * run on CPUs 0 to threads-1 and the tools and backends on the rest ({@code taskset}), so that neither steals the
 * other's cores.
 *
 * @param cores the CPUs of the machine
 */
record CpuPlan(int threads, boolean pin, int cores) {

    CpuPlan {
        if (pin && threads >= cores) {
            throw new UsageException("--pin needs a CPU left for the tools: --threads " + threads + " on " + cores
                    + " CPUs");
        }
    }

    /** One thread per proxy on a 2-core machine, so that the load tools and backends have a core of their own. */
    static int defaultThreads(int cores) {
        return Math.max(1, cores / 2);
    }

    /** The threads the load tools may use: the CPUs the proxies leave, at least one. */
    int toolThreads() {
        return Math.max(1, cores - threads);
    }

    List<String> proxyPrefix() {
        return pin ? List.of(Program.TASKSET.name(), "-c", range(0, threads - 1)) : List.of();
    }

    List<String> toolPrefix() {
        return pin ? List.of(Program.TASKSET.name(), "-c", range(threads, cores - 1)) : List.of();
    }

    String describe() {
        String placement = pin ? "pinned: proxies on CPU " + range(0, threads - 1) + ", load tools and backends on CPU "
                + range(threads, cores - 1) + " (taskset)" : "not pinned: proxies, tools and backends share all "
                + cores + " CPUs";
        return threads + " per proxy (Weft weft.io.pollers and jdk.virtualThreadScheduler.parallelism, HAProxy"
                + " nbthread, nginx worker_processes); " + placement + "; tools with threads use " + toolThreads();
    }

    private static String range(int first, int last) {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}
