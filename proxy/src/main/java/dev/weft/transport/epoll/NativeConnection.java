package dev.weft.transport.epoll;

import dev.weft.linux.CallState;
import dev.weft.linux.Errors;
import dev.weft.linux.LinuxLibc;
import dev.weft.linux.SockAddr;
import dev.weft.linux.Syscalls;
import dev.weft.transport.Detach;
import dev.weft.transport.DetachedException;
import dev.weft.transport.DormantException;
import dev.weft.transport.SocketAccess;
import dev.weft.transport.StreamConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A connected native socket. Every call is a non-blocking syscall; on EAGAIN the calling (virtual) thread parks
 * on the poller until the socket is ready, so it never blocks its carrier in native code.
 */
final class NativeConnection implements StreamConnection, SocketAccess {
    private final NativeSocket socket;
    /** Looked up on first use: a proxied connection that never logs never pays the two syscalls. */
    private volatile InetSocketAddress remoteAddress;
    private volatile InetSocketAddress localAddress;
    /**
     * The last read found the socket empty: it returned less than it asked for (TCP's recv stops short only when
     * the receive queue is empty) and no end of stream was reported, or it, or a splice out, would have blocked.
     * Then the next one waits for an edge first instead of reading into EAGAIN, as nginx does with edge-triggered
     * sockets, and {@link #awaitReadable} may park. A short splice proves nothing: it also stops when the pipe runs
     * out of slots. Used only by the reading thread.
     */
    private boolean drained;
    /** The peer's end of stream was read: a shutdown of the output now only precedes the close that ends both. */
    private volatile boolean inputEnded;
    /**
     * The last read stopped short after the peer's clean FIN was reported, so only the end of stream is left: the
     * next read returns it without the syscall that would only say so. Used only by the reading thread.
     */
    private boolean endOfStreamNext;
    /** Set when the session is to move to another process: the reader stops at its next idle moment. */
    private volatile Detach detach;
    /** Set when the connection has been quiet: the reader gives its thread up at its next wait with nothing read. */
    private volatile boolean rest;

    /**
     * The peer, packed by {@link SockAddr#packIpv4} when it is IPv4, else -1 and {@link #remoteAddress} holds it:
     * known from accept or connect, so a client that reset the connection is still logged by its address, and
     * kept in 8 bytes until someone asks.
     */
    private final long peerIpv4;

    /**
     * @param peerIpv4   the peer, packed, or -1 for {@code peer}
     * @param peer       the peer when not IPv4, else null
     * @param setNoDelay turn Nagle off with a syscall; accepted sockets need not, as they inherit TCP_NODELAY from
     *                   the listening socket
     */
    NativeConnection(NativeSocket socket, boolean setNoDelay, long peerIpv4, InetSocketAddress peer)
            throws IOException {
        this.socket = socket;
        this.peerIpv4 = peerIpv4;
        this.remoteAddress = peer;
        if (setNoDelay) {
            Syscalls.setInt(CallState.current(), socket.fd().fd(), LinuxLibc.IPPROTO_TCP, LinuxLibc.TCP_NODELAY, 1);
        }
    }

    NativeSocket socket() {
        return socket;
    }

    int fd() {
        return socket.fd().fd();
    }

    private static final int READ = 0;
    private static final int WRITE = 1;
    private static final int SPLICE_OUT = 2;
    private static final int SPLICE_IN = 3;
    private static final int SPLICE_FLAGS = LinuxLibc.SPLICE_F_MOVE | LinuxLibc.SPLICE_F_NONBLOCK;

    /**
     * One non-blocking syscall on this socket, holding its fd for the duration, so a concurrent close cannot
     * release the number mid-call. A switch rather than a lambda: this is the hot path, and a capturing lambda
     * would allocate per call.
     *
     * @return bytes moved, {@link Syscalls#END_OF_STREAM} or {@link Errors#WOULD_BLOCK}
     */
    private long call(int operation, ByteBuffer buffer, int pipeFd, long length) throws IOException {
        socket.acquire();
        try {
            CallState cs = CallState.current();
            return switch (operation) {
                case READ -> Syscalls.read(cs, fd(), buffer);
                case WRITE -> Syscalls.write(cs, fd(), buffer);
                case SPLICE_OUT -> Syscalls.splice(cs, fd(), pipeFd, length, SPLICE_FLAGS);
                case SPLICE_IN -> Syscalls.splice(cs, pipeFd, fd(), length, SPLICE_FLAGS);
                default -> throw new IllegalArgumentException("operation " + operation);
            };
        } catch (IOException e) {
            throw NativeSocket.closedOr(e, socket);
        } finally {
            socket.release();
        }
    }

    @Override
    public int read(ByteBuffer destination) throws IOException {
        if (endOfStreamNext) {
            inputEnded = true;
            return Syscalls.END_OF_STREAM;
        }
        int wanted = destination.remaining();
        if (drained) {
            socket.awaitReadable(0);
        }
        long n;
        boolean finishedBefore;
        while (true) {
            socket.lowerReadable();
            // Looked at before the read: a FIN reported by then was in the kernel before the read began.
            finishedBefore = socket.peerFinishedCleanly();
            n = call(READ, destination, -1, 0);
            if (n != Errors.WOULD_BLOCK) {
                break;
            }
            // Nothing read, nothing held: a detach may take the connection here too, or a rest.
            stopIfDetaching();
            restIfAsked();
            socket.awaitReadable(0);
        }
        drained = n >= 0 && n < wanted && !socket.peerEnded();
        endOfStreamNext = n > 0 && n < wanted && finishedBefore;
        if (n == Syscalls.END_OF_STREAM) {
            inputEnded = true;
        }
        return (int) n;
    }

    /** Waits for an edge only when the last read found the socket empty; otherwise a read must look first. */
    @Override
    public void awaitReadable() throws IOException {
        stopIfDetaching();
        // A wake-up with nothing to read (a detach or a rest asked for) looks again rather than returning.
        while (drained && !socket.readable()) {
            restIfAsked();
            socket.awaitReadable(0);
            stopIfDetaching();
        }
    }

    /** Gives the reader's thread up, when asked to rest and not to move. */
    private void restIfAsked() throws DormantException {
        if (rest && detach == null) {
            rest = false;
            throw new DormantException();
        }
    }

    @Override
    public boolean requestRest() {
        rest = true;
        socket.wakeReader();
        return true;
    }

    @Override
    public void resumeWhenReadable(Runnable task) {
        socket.resumeWhenReadable(task);
    }

    @Override
    public void resumeNow() {
        socket.resumeNow();
    }

    /** At a moment this reader holds nothing: stops for a pending detach once the other reader has too. */
    private void stopIfDetaching() throws DetachedException {
        Detach pending = detach;
        if (pending != null) {
            if (pending.arrive()) {
                throw new DetachedException();
            }
            detach = null;
        }
    }

    @Override
    public boolean detachable() {
        return true;
    }

    /** @param pending the move in step with the other connection; null to forget one that was given up */
    @Override
    public void detachAt(Detach pending) {
        detach = pending;
        if (pending != null) {
            socket.wakeReader();
            // A resting reader has no thread to stop: start it, and it stops at once.
            socket.resumeNow();
        }
    }

    @Override
    public void closeHandedOver() {
        socket.closeShared();
    }

    @Override
    public void write(ByteBuffer source) throws IOException {
        while (source.hasRemaining()) {
            socket.lowerWritable();
            if (call(WRITE, source, -1, 0) == Errors.WOULD_BLOCK) {
                socket.awaitWritable(0);
            }
        }
    }

    @Override
    public int available() throws IOException {
        socket.acquire();
        try {
            return Syscalls.available(CallState.current(), fd());
        } finally {
            socket.release();
        }
    }

    /**
     * Moves up to {@code max} bytes from this socket into an empty pipe: bytes moved, 0 at end of stream, or
     * WOULD_BLOCK, without a syscall when the last splice found the socket empty and no edge came since.
     */
    long spliceTo(int pipeWriteFd, long max) throws IOException {
        if (drained && !socket.readable()) {
            return Errors.WOULD_BLOCK;
        }
        socket.lowerReadable();
        long n = call(SPLICE_OUT, null, pipeWriteFd, max);
        drained = n == Errors.WOULD_BLOCK;
        if (n == 0) {
            inputEnded = true;
        }
        return n;
    }

    /** Moves exactly {@code count} bytes from a pipe into this socket, parking while the socket cannot take more. */
    void spliceFrom(int pipeReadFd, long count) throws IOException {
        long left = count;
        while (left > 0) {
            socket.lowerWritable();
            long n = call(SPLICE_IN, null, pipeReadFd, left);
            if (n == Errors.WOULD_BLOCK) {
                socket.awaitWritable(0);
            } else {
                left -= n;
            }
        }
    }

    /**
     * Sends FIN. Once the peer's own end of stream was read, both directions are over and every caller closes the
     * socket next, which sends the FIN by itself: the shutdown(2) would be a syscall for nothing.
     */
    @Override
    public void shutdownOutput() {
        if (socket.fd().markOutputShut() && !inputEnded && socket.fd().acquire()) {
            try {
                Syscalls.shutdown(CallState.current(), fd(), LinuxLibc.SHUT_WR);
            } catch (IOException e) {
                // Already reset: the peer learns of the end through that instead.
            } finally {
                socket.release();
            }
        }
    }

    @Override
    public void abort() {
        if (socket.fd().acquire()) {
            try {
                Syscalls.setLingerZero(CallState.current(), fd());
            } catch (IOException e) {
                // Already reset: close() below ends it all the same.
            } finally {
                socket.release();
            }
        }
        close();
    }

    @Override
    public void close() {
        socket.close();
    }

    /** On the event loop that polls this socket: its wake-ups run the thread there, without a hand-off. */
    @Override
    public Thread newThread(String name, Runnable task) {
        return socket.loop().newThread(name, task);
    }

    @Override
    public int acquireDescriptor() throws IOException {
        socket.acquire();
        return fd();
    }

    @Override
    public void releaseDescriptor() {
        socket.release();
    }

    @Override
    public void beforeRead() {
        socket.lowerReadable();
    }

    @Override
    public void beforeWrite() {
        socket.lowerWritable();
    }

    @Override
    public void parkUntilReadable() throws IOException {
        socket.awaitReadable(0);
    }

    @Override
    public void parkUntilReadableOrRest() throws IOException {
        restIfAsked();
        socket.awaitReadable(0);
    }

    @Override
    public void parkUntilWritable() throws IOException {
        socket.awaitWritable(0);
    }

    @Override
    public InetSocketAddress remoteAddress() {
        InetSocketAddress address = remoteAddress;
        if (address == null) {
            address = peerIpv4 >= 0 ? SockAddr.unpackIpv4(peerIpv4) : lookUp(true);
            remoteAddress = address;
        }
        return address;
    }

    @Override
    public InetSocketAddress localAddress() {
        InetSocketAddress address = localAddress;
        if (address == null) {
            address = lookUp(false);
            localAddress = address;
        }
        return address;
    }

    private InetSocketAddress lookUp(boolean remote) {
        if (!socket.fd().acquire()) {
            return UNKNOWN;
        }
        try {
            return remote ? Syscalls.remoteAddress(CallState.current(), fd())
                    : Syscalls.localAddress(CallState.current(), fd());
        } catch (IOException e) {
            return UNKNOWN;
        } finally {
            socket.release();
        }
    }

    /** What a closed or reset socket reports as its address. */
    private static final InetSocketAddress UNKNOWN = InetSocketAddress.createUnresolved("unknown", 0);

    @Override
    public String toString() {
        return remoteAddress() + " (" + socket.fd() + ")";
    }
}
