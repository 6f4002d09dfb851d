package dev.weft.perf;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/** Connect, one request/response of {@code size} bytes to an echo backend, close; as fast as each worker can. */
final class ConnectRequestResponseScenario {

    record Settings(InetSocketAddress target, int connections, int size, Duration duration) {
    }

    private ConnectRequestResponseScenario() {
    }

    static ScenarioResult run(String label, Settings settings, PrintStream progressOut) throws Exception {
        Workers.Timed<Histogram> run = Workers.timed(progressOut, "crr " + label, "conn/s", 1,
                settings.connections(), settings.duration(),
                (index, start, deadline, transactions) -> loop(settings, deadline, transactions));
        double seconds = run.seconds();
        Histogram latency = ScenarioResult.newHistogram();
        run.results().forEach(latency::add);
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("connections_per_s", latency.getTotalCount() / seconds);
        ScenarioResult.putPercentiles(figures, latency);
        return new ScenarioResult("crr", label, figures, latency);
    }

    private static Histogram loop(Settings settings, long deadline, LongAdder transactions) throws Exception {
        Histogram latency = ScenarioResult.newHistogram();
        ByteBuffer request = ByteBuffer.allocateDirect(settings.size());
        SequencePattern.fill(request, 0);
        ByteBuffer response = ByteBuffer.allocateDirect(settings.size());
        long begin;
        while ((begin = System.nanoTime()) < deadline) {
            try (SocketChannel channel = Connections.open(settings.target())) {
                request.clear();
                Connections.writeFully(channel, request);
                response.clear();
                if (!Connections.readFully(channel, response)) {
                    throw new CorruptionException("the target closed the connection before responding");
                }
            }
            latency.recordValue(System.nanoTime() - begin);
            request.clear();
            response.flip();
            if (response.mismatch(request) >= 0) {
                throw new CorruptionException("a response differs from its request");
            }
            transactions.increment();
        }
        return latency;
    }
}
