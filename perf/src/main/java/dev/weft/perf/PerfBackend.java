package dev.weft.perf;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Locale;

/**
 * The backends the scenarios talk to, so that no other software is needed:
 * <ul>
 * <li>{@code echo} returns every byte;</li>
 * <li>{@code sink} reads the sequence pattern, checks it, and at the client's end of stream answers with the byte
 * count (8 bytes) and a verdict byte, {@code K} for intact or {@code X} for corrupt;</li>
 * <li>{@code source} writes the sequence pattern until the client goes away.</li>
 * </ul>
 */
final class PerfBackend implements AutoCloseable {
    static final byte INTACT = 'K';
    static final byte CORRUPT = 'X';
    static final int VERDICT_BYTES = 9;
    private static final int BUFFER = 64 * 1024;

    enum Kind { ECHO, SINK, SOURCE }

    private final ServerSocketChannel server;
    private final Kind kind;

    private PerfBackend(ServerSocketChannel server, Kind kind) {
        this.server = server;
        this.kind = kind;
    }

    static Kind kind(String name) {
        try {
            return Kind.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("backend must be echo, sink or source, not '" + name + "'");
        }
    }

    static PerfBackend start(Kind kind, InetSocketAddress bind) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(bind, 4096);
        PerfBackend backend = new PerfBackend(server, kind);
        Thread.ofVirtual().name("perf-" + kind + "-accept").start(backend::acceptLoop);
        return backend;
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) server.getLocalAddress();
    }

    private void acceptLoop() {
        try {
            while (true) {
                SocketChannel client = server.accept();
                client.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Thread.ofVirtual().start(() -> serve(client));
            }
        } catch (IOException closed) {
            // close() was called.
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
            switch (kind) {
                case ECHO -> echo(client, buffer);
                case SINK -> sink(client, buffer);
                case SOURCE -> source(client, buffer);
            }
        } catch (IOException e) {
            // The client went away, which ends every scenario's connection sooner or later.
        }
    }

    private static void echo(SocketChannel client, ByteBuffer buffer) throws IOException {
        while (client.read(buffer) >= 0) {
            buffer.flip();
            Connections.writeFully(client, buffer);
            buffer.clear();
        }
    }

    private static void sink(SocketChannel client, ByteBuffer buffer) throws IOException {
        long received = 0;
        byte verdict = INTACT;
        int n;
        while ((n = client.read(buffer)) >= 0) {
            buffer.flip();
            if (verdict == INTACT) {
                try {
                    SequencePattern.verify(buffer, received);
                } catch (CorruptionException e) {
                    // Keep reading to the end: closing now would reset the connection and lose the verdict.
                    verdict = CORRUPT;
                }
            }
            received += n;
            buffer.clear();
        }
        buffer.clear();
        buffer.putLong(received).put(verdict).flip();
        Connections.writeFully(client, buffer);
    }

    private static void source(SocketChannel client, ByteBuffer buffer) throws IOException {
        long sent = 0;
        while (true) {
            buffer.clear();
            SequencePattern.fill(buffer, sent);
            buffer.flip();
            Connections.writeFully(client, buffer);
            sent += BUFFER;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
