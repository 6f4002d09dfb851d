package dev.weft.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** CPU time used by processes, from /proc/PID/stat: user plus system, in clock ticks. */
final class ProcessCpu {
    /** USER_HZ, 100 on every Linux architecture Weft runs on. */
    static final double TICKS_PER_SECOND = 100.0;

    private ProcessCpu() {
    }

    static long ticks(List<Long> pids) throws IOException {
        long total = 0;
        for (long pid : pids) {
            String stat = Files.readAllLines(Path.of("/proc", Long.toString(pid), "stat")).getFirst();
            // Fields after the command name, which is in parentheses and may hold spaces: state is field 3.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            total += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
        return total;
    }
}
