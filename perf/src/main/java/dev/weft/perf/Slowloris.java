package dev.weft.perf;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * An attack, not a benchmark: {@code clients} connections that each send one byte of a valid opening (a TLS
 * ClientHello, or a PROXY header) every {@code interval}, never finishing it, and connect again when the proxy
 * closes them. Reports how long the proxy let each live: that should be its handshake or header timeout. What it
 * costs good clients is measured by running one (tls-handshake, rr) meanwhile.
 */
final class Slowloris {
    record Settings(InetSocketAddress target, int clients, Duration interval, Duration duration, boolean proxy) {
    }

    private Slowloris() {
    }

    static ScenarioResult run(Settings settings, PrintStream progressOut) throws Exception {
        byte[] opening = settings.proxy()
                ? "PROXY TCP4 192.0.2.1 192.0.2.2 40000 443\r\n".getBytes(StandardCharsets.US_ASCII)
                : TlsClient.clientHelloPrefix();
        LongAdder closed = new LongAdder();
        Histogram lived = new Histogram(3);
        long deadline = System.nanoTime() + settings.duration().toNanos();
        try (Progress ignored = new Progress(progressOut, "slowloris " + Target.hostPort(settings.target()),
                closed, "closed/s", 1)) {
            Workers.run(settings.clients(), index -> {
                // Spread the clients' bytes over the interval, as real ones would be.
                Thread.sleep(ThreadLocalRandom.current().nextLong(Math.max(1, settings.interval().toMillis())));
                while (System.nanoTime() < deadline) {
                    long opened = System.nanoTime();
                    if (trickle(settings, opening, deadline)) {
                        synchronized (lived) {
                            lived.recordValue(Math.max(1, (System.nanoTime() - opened) / 1_000_000));
                        }
                        closed.increment();
                    }
                }
                return null;
            });
        }
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("clients", (double) settings.clients());
        figures.put("closed_by_proxy", closed.doubleValue());
        figures.put("lived_ms_p50", (double) lived.getValueAtPercentile(50));
        figures.put("lived_ms_max", (double) lived.getMaxValue());
        return new ScenarioResult(settings.proxy() ? "slowloris-proxy" : "slowloris-tls",
                Target.hostPort(settings.target()), figures, null);
    }

    /** One connection, a byte at a time until the proxy closes it (true) or the run ends (false). */
    private static boolean trickle(Settings settings, byte[] opening, long deadline) {
        try (Socket socket = new Socket()) {
            socket.connect(settings.target(), 10_000);
            socket.setSoTimeout((int) Math.max(1, settings.interval().toMillis()));
            int at = 0;
            while (System.nanoTime() < deadline) {
                socket.getOutputStream().write(opening[at++ % (opening.length - 1)]);
                try {
                    if (socket.getInputStream().read() < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    // Still open: the next byte.
                }
            }
            return false;
        } catch (IOException e) {
            return true; // Reset, or refused: the proxy is done with it.
        }
    }
}
