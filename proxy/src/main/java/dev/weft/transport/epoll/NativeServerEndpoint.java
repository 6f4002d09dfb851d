package dev.weft.transport.epoll;

import dev.weft.config.TcpOptions;
import dev.weft.linux.CallState;
import dev.weft.linux.Errors;
import dev.weft.linux.Syscalls;
import dev.weft.transport.ServerEndpoint;
import dev.weft.transport.StreamConnection;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A listening native socket. Its accept loop is a virtual thread on the event loop that polls the socket: a
 * client's arrival wakes that loop once, among whatever else it is serving, and the accept runs there at once. A
 * platform accept thread would add a wake-up of its own to every accept burst.
 */
final class NativeServerEndpoint implements ServerEndpoint {
    /**
     * Accepts in a row before the accept loop lets the other threads of its event loop run (HAProxy's
     * tune.maxaccept, and its default): a virtual thread is never preempted, and a flood of clients would otherwise
     * starve the connections that share the loop. At 64, a flood of refused clients on one loop held a good
     * client's round trip behind 64 accepts and resets at a time (its p99 1.9 ms, HAProxy's 0.54); a turn costs a
     * poll of the loop, under a microsecond, against the tens each accept costs the kernel.
     */
    private static final int ACCEPTS_PER_TURN = 4;

    private final NativeSocket socket;
    private final NativeIo io;
    private final InetSocketAddress localAddress;
    /** Used only by the accept loop's thread. */
    private int acceptedThisTurn;

    NativeServerEndpoint(NativeSocket socket, NativeIo io) throws IOException {
        this.socket = socket;
        this.io = io;
        this.localAddress = Syscalls.localAddress(CallState.current(), socket.fd().fd());
    }

    @Override
    public StreamConnection accept() throws IOException {
        while (true) {
            if (++acceptedThisTurn > ACCEPTS_PER_TURN) {
                acceptedThisTurn = 0;
                Thread.yield();
            }
            int fd;
            long peerIpv4;
            InetSocketAddress peer = null;
            socket.lowerReadable();
            socket.acquire();
            try {
                CallState cs = CallState.current();
                fd = Syscalls.accept(cs, socket.fd().fd());
                peerIpv4 = fd == Errors.WOULD_BLOCK ? -1 : Syscalls.acceptedIpv4(cs);
                if (fd != Errors.WOULD_BLOCK && peerIpv4 < 0) {
                    peer = Syscalls.acceptedAddress(cs);
                }
            } catch (IOException e) {
                throw NativeSocket.closedOr(e, socket);
            } finally {
                socket.release();
            }
            if (fd == Errors.WOULD_BLOCK) {
                acceptedThisTurn = 0;
                socket.awaitReadable(0);
                continue;
            }
            // It joins its loop's epoll set at its first wait: a client refused at once never does.
            return new NativeConnection(new NativeSocket(fd, io.next()), false, peerIpv4, peer);
        }
    }

    @Override
    public void clientOptions(TcpOptions options) throws IOException {
        socket.acquire();
        try {
            TcpSettings.apply(socket.fd().fd(), options, true);
        } finally {
            socket.release();
        }
    }

    @Override
    public Thread acceptThread(String name, Runnable acceptLoop) {
        return socket.loop().newThread(name, acceptLoop);
    }

    @Override
    public int descriptor() {
        return socket.fd().fd();
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /**
     * Leaves the epoll set explicitly before closing: after a handover the new process holds the socket too, and
     * this loop must not keep being woken by its clients. A listener closes rarely, so the syscall costs nothing.
     */
    @Override
    public void close() {
        socket.closeShared();
    }
}
