package dev.weft.perf.tools;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The table {@code strace -c} writes when it detaches: calls (and failed calls) per system call, over every thread
 * it followed.
 *
 * @param calls  calls per system call, most time first, as strace orders them
 * @param errors failed calls per system call (EAGAIN included), only those with any
 */
public record StraceSummary(Map<String, Long> calls, Map<String, Long> errors) {
    // "% time     seconds  usecs/call     calls    errors syscall": errors is blank when there were none.
    private static final Pattern ROW = Pattern.compile(
            "^\\s*[0-9.]+\\s+[0-9.]+\\s+\\d+\\s+(\\d+)\\s+(?:(\\d+)\\s+)?([a-z_0-9]+)\\s*$", Pattern.MULTILINE);

    public StraceSummary {
        calls = Map.copyOf(calls);
        errors = Map.copyOf(errors);
    }

    public long total() {
        return calls.values().stream().mapToLong(Long::longValue).sum();
    }

    public long totalErrors() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    public static StraceSummary parse(String output) {
        Map<String, Long> calls = new LinkedHashMap<>();
        Map<String, Long> errors = new LinkedHashMap<>();
        boolean header = false;
        for (Matcher row = ROW.matcher(output); row.find(); ) {
            String name = row.group(3);
            if (name.equals("total")) {
                header = true;
                continue;
            }
            calls.merge(name, Long.parseLong(row.group(1)), Long::sum);
            if (row.group(2) != null) {
                errors.merge(name, Long.parseLong(row.group(2)), Long::sum);
            }
        }
        if (calls.isEmpty() && !header && !output.contains("% time")) {
            throw new ToolOutputException("strace -c wrote no summary table: " + IperfJson.firstLine(output));
        }
        return new StraceSummary(calls, errors);
    }
}
