package dev.weft.transport.epoll;

import dev.weft.config.TcpOptions;
import dev.weft.linux.CallState;
import dev.weft.linux.LinuxLibc;
import dev.weft.linux.SockAddr;
import dev.weft.linux.Syscalls;
import dev.weft.transport.BufferPool;
import dev.weft.transport.CopyPump;
import dev.weft.transport.LocalSocketException;
import dev.weft.transport.Pump;
import dev.weft.transport.ServerEndpoint;
import dev.weft.transport.StreamConnection;
import dev.weft.transport.Transport;
import dev.weft.transport.TransportGauge;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;

/**
 * Linux sockets through FFM: non-blocking fds, Weft's own epoll event loops, and splice(2) between
 * sockets when {@code splice} is on (otherwise the same copy pump as the JDK transport).
 * <p>
 * Where things run: a listener's accept loop runs on the event loop that polls its socket; each accepted
 * connection joins the next loop in turn ({@link NativeIo#next}), and its {@link StreamConnection#newThread} runs
 * on that loop; a connection opened from such a thread joins the same loop ({@link NativeIo#loopFor}). So a
 * session's client socket, backend socket and both pump threads share one loop, and a wake-up never crosses
 * threads.
 */
public final class NativeTransport implements Transport {
    private final NativeIo io;
    private final PipePool pipes;
    private final Pump pump;

    /**
     * @param pollers  event loops (see {@link EventLoop})
     * @param splice   splice bulk transfers; false copies through the buffer pools
     * @param pipeSize bytes per pipe, capped by /proc/sys/fs/pipe-max-size
     */
    public NativeTransport(BufferPool smallBuffers, BufferPool bulkBuffers, int pollers, boolean splice,
                           int pipeSize, int pipeCapacity) throws IOException {
        this(smallBuffers, bulkBuffers, pollers, splice, new PipePool(pipeSize, pipeCapacity));
    }

    /** With a pool of Weft's choosing: tests give one whose pipes cannot be made. */
    NativeTransport(BufferPool smallBuffers, BufferPool bulkBuffers, int pollers, boolean splice, PipePool pipes)
            throws IOException {
        this.io = new NativeIo(pollers);
        this.pipes = pipes;
        this.pump = splice ? new SplicePump(smallBuffers, bulkBuffers, pipes) : new CopyPump(smallBuffers, bulkBuffers);
    }

    @Override
    public boolean nativeSockets() {
        return true;
    }

    @Override
    public String name() {
        String pump = this.pump instanceof SplicePump ? "splice, " + pipes.size() + "-byte pipes" : "copy";
        return "native (" + pump + "; " + io.describe() + ")";
    }

    @Override
    public ServerEndpoint listen(InetSocketAddress address, int backlog, boolean reusePort) throws IOException {
        CallState cs = CallState.current();
        int fd = Syscalls.socket(cs, SockAddr.family(address));
        NativeSocket socket = new NativeSocket(fd, io.loopFor());
        try {
            Syscalls.setInt(cs, socket.fd().fd(), LinuxLibc.SOL_SOCKET, LinuxLibc.SO_REUSEADDR, 1);
            if (reusePort) {
                Syscalls.setInt(cs, socket.fd().fd(), LinuxLibc.SOL_SOCKET, LinuxLibc.SO_REUSEPORT, 1);
            }
            // Accepted sockets inherit it, which saves a syscall per connection.
            Syscalls.setInt(cs, socket.fd().fd(), LinuxLibc.IPPROTO_TCP, LinuxLibc.TCP_NODELAY, 1);
            Syscalls.bind(cs, socket.fd().fd(), address);
            Syscalls.listen(cs, socket.fd().fd(), backlog);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return accepting(socket);
    }

    @Override
    public ServerEndpoint adoptListener(int fd) throws IOException {
        return accepting(new NativeSocket(fd, io.loopFor()));
    }

    /** A listening socket, registered with its loop; closed if it cannot be. */
    private ServerEndpoint accepting(NativeSocket socket) throws IOException {
        try {
            socket.register();
            return new NativeServerEndpoint(socket, io);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public StreamConnection[] adoptPair(int clientFd, int backendFd) throws IOException {
        EventLoop loop = io.next();
        NativeSocket client = new NativeSocket(clientFd, loop);
        NativeSocket backend = new NativeSocket(backendFd, loop);
        try {
            client.register();
            backend.register();
            return new StreamConnection[] {new NativeConnection(client, false, -1, null),
                    new NativeConnection(backend, false, -1, null)};
        } catch (IOException e) {
            client.close();
            backend.close();
            throw e;
        }
    }

    @Override
    public StreamConnection connect(InetSocketAddress remote, Duration timeout, TcpOptions options)
            throws IOException {
        NativeSocket socket;
        try {
            int fd = Syscalls.socket(CallState.current(), SockAddr.family(remote));
            socket = new NativeSocket(fd, io.loopFor());
        } catch (IOException e) {
            throw new LocalSocketException(e);
        }
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            // One connect, then the edge of writability, which came with an error or hang-up only if the connect
            // failed: only then does SO_ERROR say how (as HAProxy, which sends once the socket is writable).
            // Asking connect(2) again, or SO_ERROR every time, would cost a syscall per connection. The socket
            // joins the epoll set at its first wait, once its connect is under way: an unconnected socket reports
            // itself writable. After a park this virtual thread may be on another carrier, with another CallState.
            TcpSettings.apply(socket.fd().fd(), options, false);
            socket.lowerWritable();
            boolean connected = Syscalls.connect(CallState.current(), socket.fd().fd(), remote);
            if (!connected) {
                do {
                    socket.awaitWritable(deadline);
                } while (!socket.writable());
                if (socket.failed()) {
                    Syscalls.checkSocketError(CallState.current(), socket.fd().fd(), "connect");
                }
            }
            return new NativeConnection(socket, true, -1, remote);
        } catch (SocketTimeoutException e) {
            socket.close();
            throw new SocketTimeoutException("connect timed out");
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public Pump pump() {
        return pump;
    }

    /** Bytes the splice pump has moved without copying them; 0 for the copy pump. */
    public long splicedBytes() {
        return pump instanceof SplicePump splice ? splice.splicedBytes() : 0;
    }

    /** Empty pipes waiting in the pool, two descriptors each. */
    public int pooledPipes() {
        return pipes.idle();
    }

    @Override
    public List<TransportGauge> gauges() {
        return List.of(new TransportGauge("weft_pipes_in_use", "Splice pipes lent out", pipes.inUse()),
                new TransportGauge("weft_pipes_pooled", "Empty splice pipes kept for reuse, two fds each",
                        pipes.idle()));
    }

    @Override
    public void close() {
        pipes.close();
        io.close();
    }
}
