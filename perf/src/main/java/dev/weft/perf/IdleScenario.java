package dev.weft.perf;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocket;

/**
 * Opens {@code warmUp} connections (plain, or TLS that the target terminates), then {@code connections} more, to
 * an echo backend through the target,
 * exchanging one byte on each so both legs exist, and reports how much the target processes' resident memory grew
 * per connection over the second batch. The warm-up lets one-time growth (code, pools, first heap regions) happen
 * before the baseline. It holds them all for {@code hold}, then closes them.
 */
final class IdleScenario {

    /**
     * @param pids the target's processes, whose RSS is summed (nginx has several); empty for no memory figure
     * @param tls  whether the connections speak TLS 1.3 to the target (which terminates it), after a full handshake
     */
    record Settings(InetSocketAddress target, int warmUp, int connections, List<Long> pids, Duration hold,
                    boolean tls) {
    }

    private IdleScenario() {
    }

    static ScenarioResult run(String label, Settings settings, PrintStream progressOut) throws Exception {
        List<Closeable> open = new ArrayList<>(settings.warmUp() + settings.connections());
        TlsClient tls = settings.tls() ? new TlsClient() : null;
        try {
            openEchoed(settings.target(), settings.warmUp(), tls, open, label, progressOut);
            long before = rss(settings.pids());
            openEchoed(settings.target(), settings.connections(), tls, open, label, progressOut);
            long after = rss(settings.pids());
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put("connections", (double) settings.connections());
            if (!settings.pids().isEmpty()) {
                figures.put("rss_before_kib", before / 1024.0);
                figures.put("rss_after_kib", after / 1024.0);
                figures.put("rss_per_connection_kib", (after - before) / 1024.0 / settings.connections());
            }
            Thread.sleep(settings.hold());
            return new ScenarioResult(settings.tls() ? Scenarios.IDLE_TLS : Scenarios.IDLE, label, figures, null);
        } finally {
            for (Closeable connection : open) {
                connection.close();
            }
        }
    }

    private static void openEchoed(InetSocketAddress target, int count, TlsClient tls, List<Closeable> open,
                                   String label, PrintStream progressOut) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        for (int i = 0; i < count; i++) {
            if (tls != null) {
                SSLSocket socket = tls.open(target, false);
                open.add(socket);
                socket.getOutputStream().write(1);
                if (socket.getInputStream().read() < 0) {
                    throw new CorruptionException("TLS connection " + open.size() + " closed before its echo");
                }
            } else {
                SocketChannel channel = Connections.open(target);
                open.add(channel);
                one.clear();
                Connections.writeFully(channel, one);
                one.clear();
                if (!Connections.readFully(channel, one)) {
                    throw new CorruptionException("connection " + open.size() + " closed before its echo");
                }
            }
            if (open.size() % 1000 == 0) {
                progressOut.printf("\ridle %s  %d connections open   ", label, open.size());
                progressOut.flush();
            }
        }
    }

    /** The summed VmRSS of {@code pids}, in bytes. */
    static long rss(List<Long> pids) throws IOException {
        long total = 0;
        for (long pid : pids) {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    total += Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        }
        return total;
    }
}
