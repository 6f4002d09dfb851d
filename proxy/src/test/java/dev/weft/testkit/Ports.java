package dev.weft.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Loopback ports for tests. */
public final class Ports {
    /**
     * Bound and never listening, for the life of the test JVM: a connect is refused, and no server started later can
     * be given the same port, as it could if the port were only free a moment ago.
     */
    private static final List<Socket> HELD = new CopyOnWriteArrayList<>();

    private Ports() {
    }

    /** A port that was free a moment ago, for a listener to bind. */
    public static int free() throws IOException {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            return ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
    }

    /** A port with nothing listening on it, kept that way: connects are refused. */
    public static int closed() throws IOException {
        Socket holder = new Socket();
        holder.bind(new InetSocketAddress("127.0.0.1", 0));
        HELD.add(holder);
        return holder.getLocalPort();
    }
}
