package dev.weft.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;

/** Loopback ports for tests. */
public final class Ports {
    private Ports() {
    }

    /** A port that was free a moment ago and has nothing listening on it: connects are refused. */
    public static int closed() throws IOException {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            return ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
    }
}
