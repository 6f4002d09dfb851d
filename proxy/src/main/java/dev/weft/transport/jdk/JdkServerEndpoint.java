package dev.weft.transport.jdk;

import dev.weft.config.TcpOptions;
import dev.weft.transport.ServerEndpoint;
import dev.weft.transport.StreamConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** A listening JDK channel in blocking mode. */
final class JdkServerEndpoint implements ServerEndpoint {
    private final ServerSocketChannel server;
    private final InetSocketAddress localAddress;
    /** A listening JDK channel takes no keepalive option, so each accepted one gets them. */
    private volatile TcpOptions clientOptions = TcpOptions.NONE;

    JdkServerEndpoint(ServerSocketChannel server) throws IOException {
        this.server = server;
        this.localAddress = (InetSocketAddress) server.getLocalAddress();
    }

    @Override
    public StreamConnection accept() throws IOException {
        SocketChannel channel = server.accept();
        try {
            JdkTcpSettings.apply(channel, clientOptions);
            return JdkConnection.open(channel);
        } catch (IOException | UncheckedIOException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void clientOptions(TcpOptions options) {
        clientOptions = options;
    }

    @Override
    public Thread acceptThread(String name, Runnable acceptLoop) {
        return Thread.ofPlatform().name(name).unstarted(acceptLoop);
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // Closing a listening socket cannot lose data; there is nothing to report.
        }
    }
}
