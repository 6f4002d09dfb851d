package dev.weft.perf;

import dev.weft.perf.tools.ToolProcess;
import dev.weft.perf.tools.WrkOutput;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP/1.1 requests with wrk to the nginx HTTP backend through the target, over {@code connections} keep-alive
 * connections, or with {@code Connection: close} so that every request is a new connection through the proxy.
 * wrk gets the threads the plan leaves the tools.
 */
record WrkLoad(int connections, boolean close) implements LoadScenario.Load {

    @Override
    public Measurement run(InetSocketAddress target, Duration duration, ToolRunner tools) throws Exception {
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + tools.cpus().toolThreads(),
                "-c" + connections, "-d" + ToolRunner.seconds(duration) + "s", "--latency"));
        if (close) {
            command.addAll(List.of("-H", "Connection: close"));
        }
        command.add("http://" + Target.hostPort(target) + "/");
        ToolProcess process = tools.run(command, duration);
        WrkOutput result = WrkOutput.parse(process.output());
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("requests_per_s", result.requestsPerSecond());
        result.latency().putInto(figures, 50, 99);
        figures.put("errors", (double) result.errors());
        return new Measurement(figures, result.requests(), process.command());
    }
}
