package dev.weft.transport.jdk;

import dev.weft.transport.StreamConnection;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** A connected JDK channel in blocking mode. */
final class JdkConnection implements StreamConnection {
    private final SocketChannel channel;
    private final InetSocketAddress remoteAddress;
    private final InetSocketAddress localAddress;
    /** Only for {@link #available()}, which the channel exposes through its socket adaptor's stream. */
    private final InputStream availability;

    private JdkConnection(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.remoteAddress = (InetSocketAddress) channel.getRemoteAddress();
        this.localAddress = (InetSocketAddress) channel.getLocalAddress();
        this.availability = channel.socket().getInputStream();
    }

    /** Wraps a connected channel, turning Nagle off: a proxy must not add delay to small writes. */
    static JdkConnection open(SocketChannel channel) throws IOException {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        return new JdkConnection(channel);
    }

    @Override
    public int read(ByteBuffer destination) throws IOException {
        return channel.read(destination);
    }

    /** A blocking channel cannot wait without reading: the read parks instead. */
    @Override
    public void awaitReadable() {
    }

    @Override
    public void write(ByteBuffer source) throws IOException {
        while (source.hasRemaining()) {
            channel.write(source);
        }
    }

    @Override
    public int available() throws IOException {
        return availability.available();
    }

    @Override
    public void shutdownOutput() {
        try {
            channel.shutdownOutput();
        } catch (IOException ignored) {
            // Already closed or reset: the peer learns of the end through that instead.
        }
    }

    @Override
    public void abort() {
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException ignored) {
            // Already closed: nothing left to reset.
        }
        close();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // close(2) errors on a socket carry no information the caller could act on.
        }
    }

    /** On the JDK's own scheduler: its poller wakes the thread wherever it runs. */
    @Override
    public Thread newThread(String name, Runnable task) {
        return Thread.ofVirtual().name(name).unstarted(task);
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public String toString() {
        return remoteAddress.toString();
    }
}
