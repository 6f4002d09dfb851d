package dev.weft.perf.tools;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code wrk --latency} prints: the requests completed, the run's duration, the latency distribution, and the
 * errors, which make a run's rate meaningless when there are any.
 *
 * @param requests    requests completed
 * @param seconds     the duration wrk measured
 * @param latency  by percentile (50, 75, 90, 99)
 * @param errors   socket errors (connect, read, write, timeout) plus non-2xx/3xx responses
 */
public record WrkOutput(long requests, double seconds, Percentiles latency, long errors) {
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in ([0-9.]+)(us|ms|s|m),");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+([0-9.]+)%\\s+([0-9.]+)(us|ms|s|m)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    public double requestsPerSecond() {
        return requests / seconds;
    }

    public static WrkOutput parse(String output) {
        Matcher total = TOTAL.matcher(output);
        if (!total.find()) {
            throw new ToolOutputException("wrk printed no 'N requests in T' line: " + IperfJson.firstLine(output));
        }
        Map<Double, Double> percentiles = new LinkedHashMap<>();
        Matcher percentile = PERCENTILE.matcher(output);
        while (percentile.find()) {
            percentiles.put(Double.parseDouble(percentile.group(1)),
                    micros(Double.parseDouble(percentile.group(2)), percentile.group(3)));
        }
        long errors = 0;
        Matcher socket = SOCKET_ERRORS.matcher(output);
        if (socket.find()) {
            for (int group = 1; group <= 4; group++) {
                errors += Long.parseLong(socket.group(group));
            }
        }
        Matcher non2xx = NON_2XX.matcher(output);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        double seconds = micros(Double.parseDouble(total.group(2)), total.group(3)) / 1e6;
        return new WrkOutput(Long.parseLong(total.group(1)), seconds, new Percentiles(percentiles), errors);
    }

    private static double micros(double value, String unit) {
        return switch (unit) {
            case "us" -> value;
            case "ms" -> value * 1e3;
            case "s" -> value * 1e6;
            case "m" -> value * 60e6;
            default -> throw new ToolOutputException("wrk printed an unknown time unit '" + unit + "'");
        };
    }
}
