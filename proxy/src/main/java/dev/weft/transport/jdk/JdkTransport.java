package dev.weft.transport.jdk;

import dev.weft.config.TcpOptions;
import dev.weft.transport.BufferPool;
import dev.weft.transport.CopyPump;
import dev.weft.transport.LocalSocketException;
import dev.weft.transport.Pump;
import dev.weft.transport.ServerEndpoint;
import dev.weft.transport.StreamConnection;
import dev.weft.transport.Transport;
import dev.weft.transport.TransportGauge;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;

/**
 * The portable transport: JDK channels in blocking mode. On a virtual thread a blocking channel call parks the
 * thread, not its carrier, because the JDK registers the socket with its own poller.
 */
public final class JdkTransport implements Transport {
    private final Pump pump;

    public JdkTransport(BufferPool smallBuffers, BufferPool bulkBuffers) {
        this.pump = new CopyPump(smallBuffers, bulkBuffers);
    }

    @Override
    public String name() {
        return "jdk";
    }

    @Override
    public ServerEndpoint listen(InetSocketAddress address, int backlog, boolean reusePort) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(address.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (reusePort) {
                server.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            server.bind(address, backlog);
            return new JdkServerEndpoint(server);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    @Override
    public StreamConnection connect(InetSocketAddress remote, Duration timeout, TcpOptions options)
            throws IOException {
        SocketChannel channel;
        try {
            channel = SocketChannel.open();
        } catch (IOException e) {
            throw new LocalSocketException(e);
        }
        try {
            JdkTcpSettings.apply(channel, options);
            // The socket adaptor's timed connect parks a virtual thread for at most the timeout.
            channel.socket().connect(remote, (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
            return JdkConnection.open(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public String unsupported(TcpOptions options) {
        return options.userTimeout().isZero() ? null
                : "tcp-user-timeout needs io.transport = native: the JDK has no socket option for TCP_USER_TIMEOUT";
    }

    @Override
    public Pump pump() {
        return pump;
    }

    /** Holds nothing of its own: buffers are the pools', and the JDK's pollers are the JDK's. */
    @Override
    public List<TransportGauge> gauges() {
        return List.of();
    }

    @Override
    public void close() {
        // The JDK's poller threads belong to the JDK.
    }
}
