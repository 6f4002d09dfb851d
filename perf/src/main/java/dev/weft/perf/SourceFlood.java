package dev.weft.perf;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * An attack, not a benchmark: connections from many distinct source addresses (127.1.0.0 and up: loopback has 16
 * million), {@code perSource} in a row from each, paced at {@code rate} attempts a second in all. Each attempt
 * sends one byte to the echo behind the target and counts as served (the byte came back), refused (closed or reset
 * first) or failed (no connect). A per-client limit shows as refusals of the repeat connections; what it costs the
 * proxy's other clients is measured by running a good client (rr, tls-handshake) meanwhile.
 */
final class SourceFlood {
    private static final int WORKERS = 256;

    /** @param tls each attempt is a TLS 1.3 handshake instead of a byte: a handshake flood */
    record Settings(InetSocketAddress target, int sources, int perSource, int rate, boolean tls) {
    }

    private SourceFlood() {
    }

    static ScenarioResult run(Settings settings, PrintStream progressOut) throws Exception {
        long attempts = (long) settings.sources() * settings.perSource();
        AtomicLong next = new AtomicLong();
        LongAdder served = new LongAdder();
        LongAdder refused = new LongAdder();
        LongAdder failed = new LongAdder();
        LongAdder done = new LongAdder();
        long start = System.nanoTime();
        long spacing = TimeUnit.SECONDS.toNanos(1) / Math.max(1, settings.rate());
        TlsClient tls = settings.tls() ? new TlsClient() : null;
        try (Progress ignored = new Progress(progressOut, "flood " + Target.hostPort(settings.target()), done,
                "attempts/s", 1)) {
            Workers.run(WORKERS, worker -> {
                long attempt;
                while ((attempt = next.getAndIncrement()) < attempts) {
                    long due = start + attempt * spacing;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    InetAddress source = source((int) (attempt / settings.perSource()));
                    switch (tls != null ? handshake(tls, settings.target(), source)
                            : attempt(settings.target(), source)) {
                        case SERVED -> served.increment();
                        case REFUSED -> refused.increment();
                        case FAILED -> failed.increment();
                    }
                    done.increment();
                }
                return null;
            });
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("attempts_per_s", attempts / seconds);
        figures.put("sources", (double) settings.sources());
        figures.put("served", served.doubleValue());
        figures.put("refused", refused.doubleValue());
        figures.put("failed", failed.doubleValue());
        return new ScenarioResult(settings.tls() ? "handshake-flood" : "flood", Target.hostPort(settings.target()), figures, null);
    }

    private enum Outcome { SERVED, REFUSED, FAILED }

    /** The {@code index}-th source: 127.1.0.0, 127.1.0.1, ..., 16 million of them. */
    static InetAddress source(int index) throws UnknownHostException {
        int host = (1 << 16) + index;
        return InetAddress.getByAddress(new byte[] {127, (byte) (host >> 16), (byte) (host >> 8), (byte) host});
    }

    private static Outcome handshake(TlsClient tls, InetSocketAddress target, InetAddress source) {
        try (Socket socket = tls.open(target, source)) {
            return Outcome.SERVED;
        } catch (IOException e) {
            return Outcome.REFUSED;
        }
    }

    private static Outcome attempt(InetSocketAddress target, InetAddress source) {
        try (Socket socket = new Socket()) {
            socket.setSoLinger(true, 0); // No TIME_WAIT pile-up from 100,000 closes.
            socket.bind(new InetSocketAddress(source, 0));
            try {
                socket.connect(target, 5000);
            } catch (IOException e) {
                return Outcome.FAILED;
            }
            socket.setSoTimeout(5000);
            socket.getOutputStream().write('x');
            InputStream in = socket.getInputStream();
            return in.read() == 'x' ? Outcome.SERVED : Outcome.REFUSED;
        } catch (SocketTimeoutException e) {
            return Outcome.FAILED;
        } catch (IOException e) {
            return Outcome.REFUSED;
        }
    }
}
