package dev.weft.perf.tools;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The summary sockperf ({@code ping-pong} or {@code under-load}, with {@code --full-rtt}) prints at its end: the
 * replies counted over the valid part of the run (after its warm-up) and the round-trip percentiles, in µs.
 *
 * @param seconds      the valid duration
 * @param replies      replies received in it, each one measured round trip
 * @param totalReplies replies over the whole run, warm-up included: every message the proxy carried back
 * @param roundTrips   round trip by percentile (50, 99, 99.9, ...; 100 is the maximum)
 */
public record SockperfOutput(double seconds, long replies, long totalReplies, Percentiles roundTrips) {
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");
    private static final Pattern VALID = Pattern.compile(
            "\\[Valid Duration] RunTime=([0-9.]+) sec; SentMessages=\\d+; ReceivedMessages=(\\d+)");
    private static final Pattern TOTAL = Pattern.compile("\\[Total Run] RunTime=[0-9.]+ sec; Warm up time=\\d+ msec; "
            + "SentMessages=\\d+; ReceivedMessages=(\\d+)");
    private static final Pattern PERCENTILE = Pattern.compile("---> percentile ([0-9.]+) = +([0-9.]+)");
    private static final Pattern MAX = Pattern.compile("---> <MAX> observation = +([0-9.]+)");

    public double repliesPerSecond() {
        return replies / seconds;
    }

    public static SockperfOutput parse(String output) {
        String text = ANSI.matcher(output).replaceAll("");
        Matcher valid = VALID.matcher(text);
        if (!valid.find()) {
            throw new ToolOutputException("sockperf printed no [Valid Duration] summary: "
                    + IperfJson.firstLine(text));
        }
        Map<Double, Double> percentiles = new LinkedHashMap<>();
        Matcher percentile = PERCENTILE.matcher(text);
        while (percentile.find()) {
            percentiles.put(Double.parseDouble(percentile.group(1)), Double.parseDouble(percentile.group(2)));
        }
        Matcher max = MAX.matcher(text);
        if (max.find()) {
            percentiles.put(100.0, Double.parseDouble(max.group(1)));
        }
        if (!percentiles.containsKey(50.0) || !percentiles.containsKey(99.0)) {
            throw new ToolOutputException("sockperf printed no round-trip percentiles (no replies measured?)");
        }
        Matcher total = TOTAL.matcher(text);
        long replies = Long.parseLong(valid.group(2));
        return new SockperfOutput(Double.parseDouble(valid.group(1)), replies,
                total.find() ? Long.parseLong(total.group(1)) : replies, new Percentiles(percentiles));
    }
}
