package dev.weft.perf;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** Blocking socket helpers shared by the scenarios and the backends. */
final class Connections {
    private Connections() {
    }

    static SocketChannel open(InetSocketAddress target) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.connect(target);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot connect to " + target + ": " + e.getMessage(), e);
        }
    }

    static void writeFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Reads until {@code buffer} is full; false at an end of stream before that. */
    static boolean readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                return false;
            }
        }
        return true;
    }
}
