package dev.weft.perf;

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

/**
 * Opens {@code connections} connections to an echo backend through the target, exchanges one byte on each so
 * both legs exist, and reports how much the target processes' resident memory grew per connection. It holds them
 * for {@code hold}, then closes them.
 */
final class IdleScenario {

    /** @param pids the target's processes, whose RSS is summed (nginx has several); empty for no memory figure */
    record Settings(InetSocketAddress target, int connections, List<Long> pids, Duration hold) {
    }

    private IdleScenario() {
    }

    static ScenarioResult run(String label, Settings settings, PrintStream progressOut) throws Exception {
        List<SocketChannel> open = new ArrayList<>(settings.connections());
        try {
            long before = rss(settings.pids());
            ByteBuffer one = ByteBuffer.allocate(1);
            for (int i = 0; i < settings.connections(); i++) {
                SocketChannel channel = Connections.open(settings.target());
                open.add(channel);
                one.clear();
                Connections.writeFully(channel, one);
                one.clear();
                if (!Connections.readFully(channel, one)) {
                    throw new CorruptionException("connection " + i + " closed before its echo");
                }
                if ((i + 1) % 1000 == 0) {
                    progressOut.printf("\ridle %s  %d connections open   ", label, i + 1);
                    progressOut.flush();
                }
            }
            long after = rss(settings.pids());
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put("connections", (double) settings.connections());
            if (!settings.pids().isEmpty()) {
                figures.put("rss_before_kib", before / 1024.0);
                figures.put("rss_after_kib", after / 1024.0);
                figures.put("rss_per_connection_kib", (after - before) / 1024.0 / settings.connections());
            }
            Thread.sleep(settings.hold());
            return new ScenarioResult("idle", label, figures, null);
        } finally {
            for (SocketChannel channel : open) {
                channel.close();
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
