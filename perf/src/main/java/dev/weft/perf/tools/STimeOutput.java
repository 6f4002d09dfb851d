package dev.weft.perf.tools;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code openssl s_time} prints for a {@code -new} or a {@code -reuse} run: the connections made, and a line
 * of one character per connection, {@code *} for a full handshake and {@code r} for a resumed one, so that a run
 * meant to resume can be checked to have resumed. Its own rates are per second of the client's user CPU, not of
 * wall-clock time, so the caller divides {@link #connections()} by the time it measured.
 *
 * @param connections connections completed in the timed run
 * @param resumed     of which resumed ({@code r})
 */
public record STimeOutput(long connections, long resumed) {
    private static final Pattern TOTAL = Pattern.compile("^(\\d+) connections in [0-9.]+s;", Pattern.MULTILINE);
    private static final Pattern PROGRESS = Pattern.compile("^[*r]+$", Pattern.MULTILINE);

    public double resumedFraction() {
        return connections == 0 ? 0 : (double) resumed / connections;
    }

    public static STimeOutput parse(String output) {
        long connections = -1;
        for (Matcher total = TOTAL.matcher(output); total.find(); ) {
            connections = Long.parseLong(total.group(1));
        }
        if (connections < 0) {
            throw new ToolOutputException("openssl s_time printed no 'N connections in' line: "
                    + IperfJson.firstLine(output));
        }
        // The last progress line belongs to the timed run (with -reuse, a first full handshake comes before it).
        String progress = "";
        for (Matcher line = PROGRESS.matcher(output); line.find(); ) {
            progress = line.group();
        }
        long resumed = progress.chars().filter(c -> c == 'r').count();
        return new STimeOutput(connections, Math.min(resumed, connections));
    }
}
