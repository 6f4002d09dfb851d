package dev.weft.transport;

import dev.weft.config.TcpOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * The seam between Weft's connection logic and the operating system's sockets. Listeners, sessions, health
 * checks and balancing talk only to this package: this interface, {@link ServerEndpoint}, {@link StreamConnection},
 * {@link Pump} and the exceptions. A transport decides how bytes move: {@code transport.jdk} with the JDK's
 * blocking channels, or {@code transport.epoll} with FFM, Weft's own epoll event loops and splice(2).
 * <p>
 * Not sealed, though the set is closed: Java seals an interface over several packages only inside a named module,
 * and Weft runs on the class path. Only {@code server.TransportFactory} names the implementations.
 */
public interface Transport extends AutoCloseable {

    /** The name operators see in logs and in {@code weft.io.transport}. */
    String name();

    /** Whether its connections are native sockets that a native library can drive: they implement SocketAccess. */
    default boolean nativeSockets() {
        return false;
    }
    /**
     * A listening socket at {@code address}.
     *
     * @param reusePort SO_REUSEPORT: several processes listen on one port and the kernel spreads clients over them
     */
    ServerEndpoint listen(InetSocketAddress address, int backlog, boolean reusePort) throws IOException;

    /**
     * Opens a new connection to {@code remote}, with {@code options}, parking the calling virtual thread for at
     * most {@code timeout}.
     * Called from a thread that {@link StreamConnection#newThread} made, the connection is served where that
     * thread's connection is: on the same event loop, for the native transport.
     *
     * @throws LocalSocketException when this host could not create a socket at all (for example a full fd table),
     *                              which says nothing about the remote endpoint's health
     * @throws IOException          when the remote endpoint refused, timed out or was unreachable
     */
    StreamConnection connect(InetSocketAddress remote, Duration timeout, TcpOptions options) throws IOException;

    /** A connection with the kernel's TCP settings. */
    default StreamConnection connect(InetSocketAddress remote, Duration timeout) throws IOException {
        return connect(remote, timeout, TcpOptions.NONE);
    }

    /** Why this transport cannot apply {@code options}, for a startup error; null when it can. */
    default String unsupported(TcpOptions options) {
        return null;
    }

    /**
     * Takes over a listening socket another process handed over, already bound and listening: its backlog, and
     * the clients waiting in it, carry on.
     */
    default ServerEndpoint adoptListener(int fd) throws IOException {
        throw new IOException("the " + name() + " transport cannot take over sockets; use io.transport = native");
    }

    /**
     * Takes over a proxied connection another process handed over, both sides connected: the client's and the
     * endpoint's, served on one event loop as a session accepted here would be.
     *
     * @return the client's connection, then the endpoint's
     */
    default StreamConnection[] adoptPair(int clientFd, int backendFd) throws IOException {
        throw new IOException("the " + name() + " transport cannot take over sockets; use io.transport = native");
    }

    /** The pump that moves bytes between two connections of this transport. */
    Pump pump();

    /** What the transport holds right now (pipes, say), for the metrics page; empty if it holds nothing. */
    List<TransportGauge> gauges();

    /** Stops the transport's own threads, if it has any, after every connection has closed. */
    @Override
    void close();
}
