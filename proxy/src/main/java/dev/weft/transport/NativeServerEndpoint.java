package dev.weft.transport;

import dev.weft.linux.CallState;
import dev.weft.linux.Errors;
import dev.weft.linux.NativeIOException;
import dev.weft.linux.Syscalls;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A listening native socket. Its accept loop is a virtual thread on the event loop that polls the socket: a
 * client's arrival wakes that loop once, among whatever else it is serving, and the accept runs there at once. A
 * platform accept thread would add a wake-up of its own to every accept burst.
 */
final class NativeServerEndpoint implements ServerEndpoint {
    private final NativeSocket socket;
    private final NativeIo io;
    private final InetSocketAddress localAddress;

    NativeServerEndpoint(NativeSocket socket, NativeIo io) throws NativeIOException {
        this.socket = socket;
        this.io = io;
        this.localAddress = Syscalls.localAddress(CallState.current(), socket.fd().fd());
    }

    @Override
    public StreamConnection accept() throws IOException {
        while (true) {
            int fd;
            socket.acquire();
            try {
                fd = Syscalls.accept(CallState.current(), socket.fd().fd());
            } catch (NativeIOException e) {
                throw NativeSocket.closedOr(e, socket);
            } finally {
                socket.release();
            }
            if (fd == Errors.WOULD_BLOCK) {
                socket.awaitReadable(0);
                continue;
            }
            NativeSocket client = new NativeSocket(fd, io.next());
            try {
                return new NativeConnection(client, false);
            } catch (NativeIOException e) {
                // Reset before we could look at it: drop it and wait for the next client.
                client.close();
            }
        }
    }

    @Override
    public Thread acceptThread(String name, Runnable acceptLoop) {
        return socket.loop().newThread(name, acceptLoop);
    }

    @Override
    public Thread sessionThread(StreamConnection accepted, String name, Runnable task) {
        return ((NativeConnection) accepted).socket().loop().newThread(name, task);
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public void close() {
        socket.close();
    }
}
