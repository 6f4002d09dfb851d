package dev.weft.perf;

import dev.weft.perf.tools.SockperfOutput;
import dev.weft.perf.tools.ToolProcess;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * 64-byte round trips over one TCP connection with sockperf: {@code ping-pong} sends the next message as soon as
 * the reply is in (closed loop); with a {@code rate}, {@code under-load} sends at that fixed rate whatever the
 * replies do (open loop), every message answered, so queueing inside the proxy shows in the tail. The operations
 * are the replies of the whole run, warm-up included, since the proxy carried them all while its CPU was counted.
 *
 * @param rate messages per second for the open loop; 0 for ping-pong
 */
record SockperfLoad(int rate) implements LoadScenario.Load {
    static final int MESSAGE_SIZE = 64;

    @Override
    public Measurement run(InetSocketAddress target, Duration duration, ToolRunner tools) throws Exception {
        List<String> command = new ArrayList<>(List.of("sockperf", rate == 0 ? "ping-pong" : "under-load", "--tcp",
                "-i", target.getAddress().getHostAddress(), "-p", Integer.toString(target.getPort()),
                "-t", Long.toString(ToolRunner.seconds(duration)), "-m", Integer.toString(MESSAGE_SIZE),
                "--full-rtt"));
        if (rate > 0) {
            command.addAll(List.of("--mps", Integer.toString(rate), "--reply-every", "1"));
        }
        ToolProcess process = tools.run(command, duration);
        SockperfOutput result = SockperfOutput.parse(process.output());
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("round_trips_per_s", result.repliesPerSecond());
        result.roundTrips().putInto(figures, 50, 99, 99.9);
        return new Measurement(figures, result.totalReplies(), process.command());
    }
}
