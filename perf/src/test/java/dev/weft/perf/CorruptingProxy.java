package dev.weft.perf;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A deliberately broken proxy for tests: it forwards both directions faithfully except for one byte, at offset
 * {@code corruptAt} of each direction, where it flips a bit. A harness that cannot tell must fail its test.
 */
final class CorruptingProxy implements AutoCloseable {
    private final ServerSocketChannel server;

    CorruptingProxy(InetSocketAddress upstream, long corruptAt) throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    SocketChannel client = server.accept();
                    SocketChannel backend = SocketChannel.open(upstream);
                    // Different bits per direction, so an echo cannot undo the damage on the way back.
                    Thread.ofVirtual().start(() -> copy(client, backend, corruptAt, 0x40));
                    Thread.ofVirtual().start(() -> copy(backend, client, corruptAt, 0x01));
                }
            } catch (IOException closed) {
                // close() was called.
            }
        });
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) server.getLocalAddress();
    }

    private static void copy(SocketChannel from, SocketChannel to, long corruptAt, int flip) {
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        long offset = 0;
        try {
            int n;
            while ((n = from.read(buffer)) >= 0) {
                if (corruptAt >= offset && corruptAt < offset + n) {
                    int at = (int) (corruptAt - offset);
                    buffer.put(at, (byte) (buffer.get(at) ^ flip));
                }
                offset += n;
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // Both are going away.
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
