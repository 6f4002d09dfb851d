package dev.weft.perf;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Request/response of {@code size} bytes to an echo backend over persistent connections, one request outstanding
 * per connection. Closed loop sends the next request as soon as the response is in. Open loop sends at a fixed
 * total rate and measures each request from when it <em>should</em> have been sent, so a stall delays the
 * schedule's latency rather than hiding it (coordinated-omission correction). Every response must equal its
 * request, whose first eight bytes carry a sequence number.
 */
final class RequestResponseScenario {

    /** @param rate requests per second over all connections; 0 for closed loop */
    /**
     * @param warmUp how long the connections run first, unmeasured: the same connections then go on into the
     *               measured {@code duration}, so a listener that rate-limits new connections sees no more of them
     */
    record Settings(InetSocketAddress target, int connections, int size, Duration duration, int rate,
                    Duration warmUp) {
        Settings(InetSocketAddress target, int connections, int size, Duration duration, int rate) {
            this(target, connections, size, duration, rate, Duration.ZERO);
        }
    }

    private RequestResponseScenario() {
    }

    static ScenarioResult run(String label, Settings settings, PrintStream progressOut) throws Exception {
        Workers.Timed<Histogram> run = Workers.timed(progressOut, name(settings) + " " + label, "req/s", 1,
                settings.connections(), settings.duration().plus(settings.warmUp()),
                (index, start, deadline, requests) -> exchange(settings, index, start, deadline, requests));
        double seconds = run.seconds() - settings.warmUp().toNanos() / 1e9;
        Histogram latency = ScenarioResult.newHistogram();
        run.results().forEach(latency::add);
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("requests_per_s", latency.getTotalCount() / seconds);
        if (settings.rate() > 0) {
            figures.put("target_rate", (double) settings.rate());
        }
        ScenarioResult.putPercentiles(figures, latency);
        return new ScenarioResult(name(settings), label, figures, latency);
    }

    static String name(Settings settings) {
        return settings.rate() > 0 ? "rr-open" : "rr";
    }

    private static Histogram exchange(Settings settings, int index, long start, long deadline, LongAdder requests)
            throws Exception {
        Histogram latency = ScenarioResult.newHistogram();
        ByteBuffer request = ByteBuffer.allocateDirect(settings.size());
        SequencePattern.fill(request, 0);
        ByteBuffer response = ByteBuffer.allocateDirect(settings.size());
        long interval = settings.rate() > 0 ? Math.round(settings.connections() * 1e9 / settings.rate()) : 0;
        // Stagger the connections' schedules so the open loop's requests are spread over each interval.
        long intended = start + interval * index / settings.connections();
        long measuredFrom = start + settings.warmUp().toNanos();
        try (SocketChannel channel = Connections.open(settings.target())) {
            for (long sequence = 0; ; sequence++) {
                long sendAt;
                if (interval > 0) {
                    if (intended >= deadline) {
                        break;
                    }
                    long wait = intended - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    sendAt = intended;
                    intended += interval;
                } else {
                    sendAt = System.nanoTime();
                    if (sendAt >= deadline) {
                        break;
                    }
                }
                if (settings.size() >= Long.BYTES) {
                    request.putLong(0, sequence);
                }
                request.clear();
                Connections.writeFully(channel, request);
                response.clear();
                if (!Connections.readFully(channel, response)) {
                    throw new CorruptionException("the target closed the connection after " + sequence
                            + " responses");
                }
                boolean measured = sendAt >= measuredFrom;
                if (measured) {
                    latency.recordValue(Math.max(0, System.nanoTime() - sendAt));
                }
                request.clear();
                response.flip();
                if (response.mismatch(request) >= 0) {
                    throw new CorruptionException("response " + sequence + " differs from its request");
                }
                if (measured) {
                    requests.increment();
                }
            }
        }
        return latency;
    }
}
