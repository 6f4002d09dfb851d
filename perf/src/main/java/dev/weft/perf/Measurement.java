package dev.weft.perf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run of a tool measured: its figures in report order, how many operations it made (the divisor of CPU
 * and system calls per operation), and the command line, which the report prints so that anyone can rerun it.
 */
record Measurement(Map<String, Double> figures, double operations, List<String> command) {
    Measurement {
        figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
        command = List.copyOf(command);
    }
}
