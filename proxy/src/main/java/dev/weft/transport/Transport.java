package dev.weft.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The seam between Weft's connection logic and the operating system's sockets. Listeners, sessions, health
 * checks and balancing talk only to this interface, to {@link ServerEndpoint}, {@link StreamConnection} and
 * {@link Pump}; a transport decides how bytes move: {@link JdkTransport} with the JDK's blocking channels, or
 * {@link NativeTransport} with FFM, Weft's own epoll event loops and splice(2).
 */
public sealed interface Transport extends AutoCloseable permits JdkTransport, NativeTransport {

    /** The name operators see in logs and in {@code weft.io.transport}. */
    String name();
    /**
     * A listening socket at {@code address}.
     *
     * @param reusePort SO_REUSEPORT: several processes listen on one port and the kernel spreads clients over them
     */
    ServerEndpoint listen(InetSocketAddress address, int backlog, boolean reusePort) throws IOException;

    /**
     * Opens a new connection to {@code remote}, parking the calling virtual thread for at most {@code timeout}.
     *
     * @throws LocalSocketException when this host could not create a socket at all (for example a full fd table),
     *                              which says nothing about the remote endpoint's health
     * @throws IOException          when the remote endpoint refused, timed out or was unreachable
     */
    StreamConnection connect(InetSocketAddress remote, Duration timeout) throws IOException;

    /** The pump that moves bytes between two connections of this transport. */
    Pump pump();

    /** Stops the transport's own threads, if it has any, after every connection has closed. */
    @Override
    void close();
}
