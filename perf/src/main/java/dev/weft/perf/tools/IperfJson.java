package dev.weft.perf.tools;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;

/**
 * The figures of one {@code iperf3 --json} run: what the receiving side counted, summed over the parallel streams,
 * which is what arrived whichever way the data flowed ({@code -R} or not).
 *
 * @param bytes   bytes received over the whole test
 * @param seconds the receiver's duration of the test
 */
public record IperfJson(long bytes, double seconds) {

    public double gbps() {
        return bytes * 8 / seconds / 1e9;
    }

    public static IperfJson parse(String json) {
        Config parsed;
        try {
            parsed = ConfigFactory.parseString(json);
        } catch (ConfigException e) {
            throw new ToolOutputException("iperf3 printed no JSON: " + firstLine(json));
        }
        if (parsed.hasPath("error")) {
            throw new ToolOutputException("iperf3: " + parsed.getString("error"));
        }
        if (!parsed.hasPath("end.sum_received.bytes") || !parsed.hasPath("end.sum_received.seconds")) {
            throw new ToolOutputException("iperf3's JSON has no end.sum_received totals");
        }
        return new IperfJson(parsed.getLong("end.sum_received.bytes"), parsed.getDouble("end.sum_received.seconds"));
    }

    static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("(nothing)");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
