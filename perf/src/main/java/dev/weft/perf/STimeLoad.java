package dev.weft.perf;

import dev.weft.perf.tools.STimeOutput;
import dev.weft.perf.tools.ToolProcess;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TLS handshakes with {@code openssl s_time}, one connection after another: each a full handshake ({@code -new})
 * or a resumption of the first session ({@code -reuse}), then one HTTP/1.0 GET to the nginx backend through the
 * proxy. The GET matters for TLS 1.3: a client reads the session ticket only after the handshake, with its first
 * read, and without one there is nothing to resume. The rate is per wall-clock second, measured here, since
 * s_time's own is per second of its user CPU.
 */
record STimeLoad(boolean reuse) implements LoadScenario.Load {

    @Override
    public Measurement run(InetSocketAddress target, Duration duration, ToolRunner tools) throws Exception {
        List<String> command = List.of("openssl", "s_time", "-connect", Target.hostPort(target),
                reuse ? "-reuse" : "-new", "-time", Long.toString(ToolRunner.seconds(duration)), "-www", "/");
        ToolProcess process = tools.run(command, duration);
        STimeOutput result = STimeOutput.parse(process.output());
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("handshakes_per_s", result.connections() / (process.elapsed().toNanos() / 1e9));
        figures.put("resumed_fraction", result.resumedFraction());
        return new Measurement(figures, result.connections(), process.command());
    }
}
