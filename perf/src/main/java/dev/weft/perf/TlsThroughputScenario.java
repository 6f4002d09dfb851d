package dev.weft.perf;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLSocket;

/**
 * TLS bulk throughput: one TLS 1.3 connection streams the sequence pattern for a fixed time to the sink behind a
 * TLS-terminating target, half-closes (close_notify), and waits for the sink's verdict on every byte.
 */
final class TlsThroughputScenario {

    record Settings(InetSocketAddress target, int connections, Duration duration) {
    }

    private TlsThroughputScenario() {
    }

    static ScenarioResult run(String label, Settings settings, PrintStream progressOut) throws Exception {
        TlsClient client = new TlsClient();
        Workers.Timed<Long> run = Workers.timed(progressOut, "tls-throughput " + label, "Gbit/s", 8e-9,
                settings.connections(), settings.duration(),
                (index, start, deadline, moved) -> upload(client, settings.target(), deadline, moved));
        long total = run.results().stream().mapToLong(Long::longValue).sum();
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("gbps", total * 8 / run.seconds() / 1e9);
        figures.put("bytes", (double) total);
        figures.put("seconds", run.seconds());
        return new ScenarioResult("tls-throughput", label, figures, null);
    }

    private static long upload(TlsClient client, InetSocketAddress target, long deadline, LongAdder moved)
            throws Exception {
        ByteBuffer pattern = ByteBuffer.allocate(ThroughputScenario.CHUNK);
        SequencePattern.fill(pattern, 0);
        byte[] chunk = pattern.array();
        try (SSLSocket socket = client.open(target, false)) {
            OutputStream out = socket.getOutputStream();
            long sent = 0;
            while (System.nanoTime() < deadline) {
                out.write(chunk);
                sent += chunk.length;
                moved.add(chunk.length);
            }
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            byte[] verdict = in.readNBytes(PerfBackend.VERDICT_BYTES);
            if (verdict.length != PerfBackend.VERDICT_BYTES) {
                throw new CorruptionException("the sink's verdict never arrived (" + sent + " bytes sent)");
            }
            long received = ByteBuffer.wrap(verdict).getLong(0);
            if (verdict[8] != PerfBackend.INTACT || received != sent) {
                throw new CorruptionException("sent " + sent + " bytes; the sink received " + received
                        + (verdict[8] == PerfBackend.INTACT ? " intact" : " and found them corrupt"));
            }
            return sent;
        }
    }
}
