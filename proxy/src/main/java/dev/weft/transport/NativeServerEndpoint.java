package dev.weft.transport;

import dev.weft.linux.CallState;
import dev.weft.linux.Errors;
import dev.weft.linux.NativeIOException;
import dev.weft.linux.Syscalls;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A listening native socket. Accept runs on the listener's platform thread, which waits for clients in the
 * kernel (see {@link AcceptReadiness}) rather than through the event loops.
 */
final class NativeServerEndpoint implements ServerEndpoint {
    private final NativeSocket socket;
    private final NativeIo io;
    private final AcceptReadiness readiness;
    private final InetSocketAddress localAddress;

    NativeServerEndpoint(NativeSocket socket, NativeIo io) throws NativeIOException {
        this.socket = socket;
        this.io = io;
        this.localAddress = Syscalls.localAddress(CallState.current(), socket.fd().fd());
        this.readiness = new AcceptReadiness(socket.fd().fd());
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
            if (fd != Errors.WOULD_BLOCK) {
                NativeSocket client = new NativeSocket(fd, io);
                try {
                    return new NativeConnection(client, false);
                } catch (NativeIOException e) {
                    // Reset before we could look at it: drop it and wait for the next client.
                    client.close();
                    continue;
                }
            }
            readiness.await();
        }
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
        readiness.close();
        socket.close();
    }
}
