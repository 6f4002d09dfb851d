package dev.weft.transport.jdk;

import dev.weft.config.TcpOptions;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import jdk.net.ExtendedSocketOptions;

/** Applies {@link TcpOptions} through the JDK's socket options; TCP_USER_TIMEOUT has none (see unsupported). */
final class JdkTcpSettings {
    private JdkTcpSettings() {
    }

    static void apply(SocketChannel channel, TcpOptions options) throws IOException {
        if (!options.keepAlive()) {
            return;
        }
        channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        channel.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, (int) options.keepAliveIdle().toSeconds());
        channel.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, (int) options.keepAliveInterval().toSeconds());
        channel.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, options.keepAliveCount());
    }
}
