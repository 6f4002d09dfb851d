package dev.weft.perf;

import dev.weft.perf.tools.RedisBenchmarkCsv;
import dev.weft.perf.tools.ToolProcess;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * redis-benchmark's SET and GET through the target to redis-server, {@code clients} connections, no pipelining.
 * redis-benchmark counts requests, not time, so the count is chosen for about the run's duration at 40,000
 * requests per second.
 */
record RedisLoad(int clients) implements LoadScenario.Load {
    private static final int ASSUMED_RATE = 40_000;
    private static final List<String> TESTS = List.of("set", "get");

    @Override
    public Measurement run(InetSocketAddress target, Duration duration, ToolRunner tools) throws Exception {
        long perTest = Math.max(5_000, duration.toMillis() * ASSUMED_RATE / 1000 / TESTS.size());
        List<String> command = List.of("redis-benchmark", "-h", target.getAddress().getHostAddress(), "-p",
                Integer.toString(target.getPort()), "-t", String.join(",", TESTS), "-n", Long.toString(perTest),
                "-c", Integer.toString(clients), "--csv");
        ToolProcess process = tools.run(command, duration.multipliedBy(10));
        RedisBenchmarkCsv result = RedisBenchmarkCsv.parse(process.output());
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("requests_per_s", result.requestsPerSecond());
        figures.put("p99_us", result.p99Micros());
        return new Measurement(figures, (double) perTest * result.rows().size(), process.command());
    }
}
