package dev.weft.transport;

import dev.weft.config.TcpOptions;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;

/** A listening socket. */
public interface ServerEndpoint extends Closeable {

    /**
     * Waits for and returns the next client, already placed: its {@link StreamConnection#newThread} runs where its
     * socket is polled.
     *
     * @throws java.nio.channels.ClosedChannelException once {@link #close()} has been called, from any thread
     * @throws IOException                              for a transient failure such as EMFILE; the caller backs off
     */
    StreamConnection accept() throws IOException;

    /**
     * An unstarted thread for the listener's accept loop, which only accepts and hands clients off: a platform thread
     * for the JDK transport, a virtual thread on the event loop that polls the socket for the native one.
     */
    Thread acceptThread(String name, Runnable acceptLoop);

    /** The TCP settings of the clients accepted from now on (a reload may change them). */
    void clientOptions(TcpOptions options) throws IOException;

    /** The socket's descriptor, to hand over to a new process; -1 for a transport that cannot. */
    default int descriptor() {
        return -1;
    }

    /** The bound address, with the real port when port 0 was asked for. */
    InetSocketAddress localAddress();

    /** Stops listening; a thread blocked in {@link #accept()} wakes with a ClosedChannelException. */
    @Override
    void close();
}
