package dev.weft.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** A tiny echo service on virtual threads, standing in for a real backend in {@code weft demo}. */
public final class EchoServer implements AutoCloseable {
    private final ServerSocketChannel server;

    private EchoServer(ServerSocketChannel server) {
        this.server = server;
    }

    public static EchoServer start(InetSocketAddress address) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(address);
        EchoServer echo = new EchoServer(server);
        Thread.ofVirtual().name("demo-echo-" + address.getPort()).start(echo::acceptLoop);
        return echo;
    }

    private void acceptLoop() {
        try {
            while (true) {
                SocketChannel client = server.accept();
                Thread.ofVirtual().start(() -> echo(client));
            }
        } catch (IOException closed) {
            // The server was closed: the demo is over.
        }
    }

    /** Echoes every byte until the client's end of stream, then closes. */
    public static void echo(SocketChannel client) {
        try (client) {
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (client.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    client.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException e) {
            // The client went away; an echo service has nobody to tell.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
