package dev.weft.perf;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLSocket;
import org.HdrHistogram.Histogram;

/**
 * TLS handshakes per second: each worker connects, completes a TLS 1.3 handshake, exchanges one 64-byte message
 * with the echo backend behind the target (which proves the connection works, and lets the client take its
 * session ticket), and closes. Full handshakes, or resumed ones from the previous connection's session.
 */
final class TlsHandshakeScenario {
    private static final int MESSAGE = 64;

    /** Concurrent handshaking clients by default: enough to keep every proxy core busy. */
    static final int CLIENTS = 8;

    /**
     * @param proxyHeader each connection starts with a PROXY v1 header, for a listener that accepts them
     * @param warmUp      how long the clients handshake first, unmeasured, as {@link RequestResponseScenario}'s
     */
    record Settings(InetSocketAddress target, int connections, Duration duration, boolean resume,
                    boolean proxyHeader, Duration warmUp) {
    }

    private TlsHandshakeScenario() {
    }

    static ScenarioResult run(String scenario, String label, Settings settings, PrintStream progressOut)
            throws Exception {
        TlsClient client = new TlsClient();
        Workers.Timed<Histogram> run = Workers.timed(progressOut, scenario + " " + label, "handshakes/s", 1,
                settings.connections(), settings.duration().plus(settings.warmUp()),
                (index, start, deadline, handshakes) -> loop(client, settings, start + settings.warmUp().toNanos(),
                        deadline, handshakes));
        Histogram latency = ScenarioResult.newHistogram();
        run.results().forEach(latency::add);
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("handshakes_per_s", latency.getTotalCount() / (run.seconds() - settings.warmUp().toNanos()
                / 1e9));
        ScenarioResult.putPercentiles(figures, latency);
        return new ScenarioResult(scenario, label, figures, latency);
    }

    private static Histogram loop(TlsClient client, Settings settings, long measuredFrom, long deadline,
                                  LongAdder handshakes) throws Exception {
        Histogram latency = ScenarioResult.newHistogram();
        byte[] request = new byte[MESSAGE];
        Arrays.fill(request, (byte) 'h');
        byte[] response = new byte[MESSAGE];
        long begin;
        while ((begin = System.nanoTime()) < deadline) {
            try (SSLSocket socket = settings.proxyHeader() ? client.openBehindProxy(settings.target())
                    : client.open(settings.target(), settings.resume())) {
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                InputStream in = socket.getInputStream();
                if (in.readNBytes(response, 0, MESSAGE) != MESSAGE || !Arrays.equals(request, response)) {
                    throw new CorruptionException("the echo through TLS differs from what was sent");
                }
            }
            if (begin >= measuredFrom) {
                latency.recordValue(System.nanoTime() - begin);
                handshakes.increment();
            }
        }
        return latency;
    }
}
