package dev.weft.perf;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bulk transfer through the target for a fixed time, every byte checked against the sequence pattern:
 * {@code up} streams to a sink, which checks and reports what it got; {@code down} reads from a source;
 * {@code both} streams to an echo backend and checks what comes back.
 */
final class ThroughputScenario {
    static final int CHUNK = SequencePattern.BLOCK_SIZE;

    enum Direction { UP, DOWN, BOTH }

    record Settings(InetSocketAddress target, int connections, Duration duration, Direction direction) {
    }

    private ThroughputScenario() {
    }

    static ScenarioResult run(String label, Settings settings, PrintStream progressOut) throws Exception {
        Workers.Timed<Long> run = Workers.timed(progressOut, "throughput " + label, "Gbit/s", 8e-9,
                settings.connections(), settings.duration(), (index, start, deadline, moved) ->
                        switch (settings.direction()) {
                            case UP -> upload(settings.target(), deadline, moved);
                            case DOWN -> download(settings.target(), deadline, moved);
                            case BOTH -> echo(settings.target(), deadline, moved);
                        });
        double seconds = run.seconds();
        long total = run.results().stream().mapToLong(Long::longValue).sum();
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("gbps", total * 8 / seconds / 1e9);
        figures.put("bytes", (double) total);
        figures.put("seconds", seconds);
        return new ScenarioResult("throughput", label, figures, null);
    }

    /** Streams until the deadline, then half-closes and waits for the sink's verdict on every byte. */
    private static long upload(InetSocketAddress target, long deadline, LongAdder moved) throws Exception {
        try (SocketChannel channel = Connections.open(target)) {
            long sent = send(channel, deadline, moved);
            channel.shutdownOutput();
            ByteBuffer verdict = ByteBuffer.allocate(PerfBackend.VERDICT_BYTES);
            if (!Connections.readFully(channel, verdict)) {
                throw new CorruptionException("the sink's verdict never arrived (" + sent + " bytes sent)");
            }
            long received = verdict.getLong(0);
            if (verdict.get(8) != PerfBackend.INTACT || received != sent) {
                throw new CorruptionException("sent " + sent + " bytes; the sink received " + received
                        + (verdict.get(8) == PerfBackend.INTACT ? " intact" : " and found them corrupt"));
            }
            return sent;
        }
    }

    private static long download(InetSocketAddress target, long deadline, LongAdder moved) throws Exception {
        try (SocketChannel channel = Connections.open(target)) {
            return receive(channel, deadline, moved);
        }
    }

    private static long echo(InetSocketAddress target, long deadline, LongAdder moved) throws Exception {
        try (SocketChannel channel = Connections.open(target)) {
            CompletableFuture<Long> sending = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    long sent = send(channel, deadline, moved);
                    channel.shutdownOutput();
                    sending.complete(sent);
                } catch (Throwable e) {
                    sending.completeExceptionally(e);
                }
            });
            long received = receive(channel, Long.MAX_VALUE, moved);
            long sent = sending.get();
            if (received != sent) {
                throw new CorruptionException("sent " + sent + " bytes, " + received + " came back");
            }
            return sent + received;
        }
    }

    /**
     * Writes whole 64 KiB chunks, so every write starts at a multiple of the pattern's block and one filled buffer
     * serves for all of them.
     */
    private static long send(SocketChannel channel, long deadline, LongAdder moved) throws Exception {
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
        SequencePattern.fill(chunk, 0);
        long sent = 0;
        while (System.nanoTime() < deadline) {
            chunk.clear();
            Connections.writeFully(channel, chunk);
            sent += CHUNK;
            moved.add(CHUNK);
        }
        return sent;
    }

    /** Reads and checks until the deadline or end of stream. */
    private static long receive(SocketChannel channel, long deadline, LongAdder moved) throws Exception {
        ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
        long received = 0;
        while (System.nanoTime() < deadline) {
            int n = channel.read(buffer);
            if (n < 0) {
                break;
            }
            buffer.flip();
            SequencePattern.verify(buffer, received);
            received += n;
            moved.add(n);
            buffer.clear();
        }
        return received;
    }
}
