package dev.weft.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback port where connects time out: a listener that never accepts, with its accept queue filled, so that the
 * kernel drops further SYNs. The only way to get a connect timeout without sending traffic off the machine.
 */
public final class Blackhole implements AutoCloseable {
    private final ServerSocketChannel server;
    private final List<SocketChannel> fillers = new ArrayList<>();

    public Blackhole() throws IOException {
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", 0), 1);
        for (int i = 0; i < 16; i++) {
            SocketChannel filler = SocketChannel.open();
            try {
                filler.socket().connect(server.getLocalAddress(), 300);
                fillers.add(filler);
            } catch (SocketTimeoutException full) {
                filler.close();
                return;
            }
        }
        throw new IOException("the accept queue of " + server.getLocalAddress() + " never filled");
    }

    public InetSocketAddress address() throws IOException {
        return (InetSocketAddress) server.getLocalAddress();
    }

    public String hostPort() throws IOException {
        return "127.0.0.1:" + address().getPort();
    }

    @Override
    public void close() throws IOException {
        for (SocketChannel filler : fillers) {
            filler.close();
        }
        server.close();
    }
}
