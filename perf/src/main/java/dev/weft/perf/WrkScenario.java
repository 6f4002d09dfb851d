package dev.weft.perf;

import dev.weft.perf.tools.Program;
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
 */
record WrkScenario(String name, int connections, boolean close) implements LoadScenario {

    @Override
    public String route() {
        return Route.HTTP;
    }

    @Override
    public List<Program> programs() {
        return List.of(Program.WRK, Program.NGINX);
    }

    @Override
    public String operation() {
        return close ? "connection" : "request";
    }

    @Override
    public Measurement run(InetSocketAddress target, Duration duration, ToolRunner tools) throws Exception {
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + tools.cpus().toolThreads(),
                "-c" + connections, "-d" + ToolRunner.seconds(duration) + "s", "--latency"));
        if (close) {
            command.addAll(List.of("-H", "Connection: close"));
        }
        command.add("http://" + LoadScenario.hostPort(target) + "/");
        ToolProcess process = tools.run(command, duration);
        WrkOutput result = WrkOutput.parse(process.output());
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("requests_per_s", result.requestsPerSecond());
        figures.put("p50_us", result.percentile(50));
        figures.put("p99_us", result.percentile(99));
        figures.put("errors", (double) result.errors());
        return new Measurement(figures, result.requests(), process.command());
    }
}
