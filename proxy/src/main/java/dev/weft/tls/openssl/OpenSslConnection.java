package dev.weft.tls.openssl;

import dev.weft.openssl.LibSsl;
import dev.weft.tls.HandshakeSlot;
import dev.weft.tls.TlsLayer;
import dev.weft.transport.SocketAccess;
import dev.weft.transport.StreamConnection;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.agrona.BufferUtil;

/**
 * TLS over a native socket with OpenSSL: the {@code SSL} reads and writes the fd itself, so records go from the
 * kernel through OpenSSL into the caller's buffer with no ciphertext in Java. Each call ({@link SslCalls}) is
 * non-blocking; on WANT_READ or WANT_WRITE the thread parks through the transport's {@link SocketAccess}
 * readiness protocol, unmounted, and tries again when the socket is ready.
 * <p>
 * The reader waits on readability and the writer on writability, so each lowers only its own flag. The rare call
 * that needs the other direction (a read that must answer a key update into a full socket) waits a millisecond at
 * a time instead, since lowering the other thread's flag could lose its wake-up.
 */
final class OpenSslConnection extends TlsLayer {
    private static final long OTHER_DIRECTION_WAIT_NANOS = 1_000_000;

    private final SocketAccess socket;
    private final SslCalls calls;
    private final Consumer<MemorySegment> onFree;
    private volatile boolean inboundDone;
    private SslCalls.Settled settled;
    private X509Certificate peer;
    private boolean peerRead;

    private OpenSslConnection(StreamConnection raw, SocketAccess socket, SslCalls calls,
                              Consumer<MemorySegment> onFree) {
        super(raw);
        this.socket = socket;
        this.calls = calls;
        this.onFree = onFree;
    }

    /**
     * The server side of a connection, not yet handshaken.
     *
     * @param received bytes read before TLS began (after a PROXY header), in read mode, or null: OpenSSL reads
     *                 them first, from memory, and then the socket
     * @param onFree   runs once the SSL is freed, with its address
     */
    static OpenSslConnection accept(StreamConnection raw, SocketAccess socket, MemorySegment context,
                                    ByteBuffer received, String what, Consumer<MemorySegment> onFree)
            throws IOException {
        OpenSslConnection connection = new OpenSslConnection(raw, socket, SslCalls.create(context, socket, what),
                onFree);
        try {
            connection.calls.acceptOn(received);
        } catch (IOException | RuntimeException e) {
            connection.abort();
            throw e;
        }
        return connection;
    }

    /**
     * The client side of a connection to {@code host}, not yet handshaken; with {@code verify}, the server's
     * certificate must be for {@code host}.
     */
    static OpenSslConnection connect(StreamConnection raw, SocketAccess socket, MemorySegment context, String host,
                                     boolean verify, String what, Consumer<MemorySegment> onFree)
            throws IOException {
        OpenSslConnection connection = new OpenSslConnection(raw, socket, SslCalls.create(context, socket, what),
                onFree);
        try {
            connection.calls.connectOn(host, verify);
        } catch (IOException | RuntimeException e) {
            connection.abort();
            throw e;
        }
        return connection;
    }

    MemorySegment ssl() {
        return calls.ssl();
    }

    /**
     * Runs the handshake on the calling thread, parking while the socket is not ready; {@code slot} is held only
     * between the client's bytes arriving and the next wait for more.
     */
    void handshake(HandshakeSlot slot) throws IOException {
        enter();
        try {
            slot.compute(); // The ClientHello may be here already, and the first call then does the heavy part.
            while (true) {
                int result = calls.call(SslCalls.HANDSHAKE, 0, 0);
                if (result > 0) {
                    settled = calls.settled();
                    return;
                }
                switch (-result) {
                    case LibSsl.SSL_ERROR_WANT_READ -> {
                        if (!calls.readSocketNext()) {
                            slot.awaitPeer();
                            socket.parkUntilReadable();
                        }
                        slot.compute();
                    }
                    case LibSsl.SSL_ERROR_WANT_WRITE -> socket.parkUntilWritable();
                    default -> throw new SSLHandshakeException("the peer closed the connection during the handshake");
                }
            }
        } finally {
            exit();
        }
    }

    /**
     * At least one byte, parking only while nothing can be delivered; then more records while OpenSSL already
     * holds bytes for them (its read buffer takes several per read(2)), so that a stream moves in large writes.
     */
    @Override
    public int read(ByteBuffer destination) throws IOException {
        enter();
        try {
            int delivered = 0;
            while (!inboundDone && destination.hasRemaining()) {
                int result = transfer(SslCalls.READ, destination);
                if (result > 0) {
                    delivered += result;
                    if (calls.held() == 0) {
                        break;
                    }
                    continue;
                }
                if (delivered > 0) {
                    break;
                }
                switch (-result) {
                    case LibSsl.SSL_ERROR_WANT_READ -> socket.parkUntilReadable();
                    case LibSsl.SSL_ERROR_WANT_WRITE -> waitForTheOtherDirection();
                    default -> inboundDone = true;
                }
            }
            return delivered == 0 && inboundDone ? -1 : delivered;
        } finally {
            exit();
        }
    }

    /** One SSL_read or SSL_write between the buffer's position and limit; moves the position by what it did. */
    private int transfer(int operation, ByteBuffer buffer) throws IOException {
        if (!buffer.isDirect()) {
            return transferHeap(operation, buffer);
        }
        int result = calls.call(operation, BufferUtil.address(buffer) + buffer.position(), buffer.remaining());
        if (result > 0) {
            buffer.position(buffer.position() + result);
        }
        return result;
    }

    /** Heap buffers (a health check's, say) go through a native copy: rare, and not on the proxying path. */
    private int transferHeap(int operation, ByteBuffer buffer) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment copy = arena.allocate(Math.max(1, buffer.remaining()));
            if (operation == SslCalls.WRITE) {
                copy.copyFrom(MemorySegment.ofBuffer(buffer));
            }
            int result = calls.call(operation, copy.address(), buffer.remaining());
            if (result > 0) {
                if (operation == SslCalls.READ) {
                    buffer.put(copy.asSlice(0, result).asByteBuffer());
                } else {
                    buffer.position(buffer.position() + result);
                }
            }
            return result;
        }
    }

    /**
     * Parks until a read is worth trying, holding no buffer, neither the pump's nor OpenSSL's: until OpenSSL holds a
     * decrypted byte, or the socket has bytes, an end or an error for it (which the read then reports).
     */
    @Override
    public void awaitReadable() throws IOException {
        enter();
        try {
            while (!inboundDone) {
                int result = calls.call(SslCalls.PEEK, 0, 0);
                if (result > 0 || -result == LibSsl.SSL_ERROR_ZERO_RETURN) {
                    return;
                }
                if (-result == LibSsl.SSL_ERROR_WANT_READ) {
                    calls.releaseBuffers();
                    socket.parkUntilReadableOrRest();
                } else {
                    waitForTheOtherDirection();
                }
            }
        } catch (SSLException e) {
            // The read that follows reports it.
        } finally {
            exit();
        }
    }

    /**
     * A quiet connection's reader gives its thread up at its next wait in {@link #awaitReadable}, where it holds
     * no buffer and OpenSSL has just freed its own; the socket's next edge starts it again.
     */
    @Override
    public boolean requestRest() {
        return raw.requestRest();
    }

    @Override
    public void resumeWhenReadable(Runnable task) {
        raw.resumeWhenReadable(task);
    }

    @Override
    public void resumeNow() {
        raw.resumeNow();
    }

    @Override
    public void write(ByteBuffer source) throws IOException {
        enter();
        try {
            while (source.hasRemaining()) {
                int result = transfer(SslCalls.WRITE, source);
                if (result > 0) {
                    continue;
                }
                switch (-result) {
                    case LibSsl.SSL_ERROR_WANT_WRITE -> socket.parkUntilWritable();
                    case LibSsl.SSL_ERROR_WANT_READ -> waitForTheOtherDirection();
                    default -> throw new SSLException("TLS output already closed");
                }
            }
        } finally {
            exit();
        }
    }

    /** The other thread owns that direction's readiness flag: look again shortly rather than touch it. */
    private static void waitForTheOtherDirection() {
        LockSupport.parkNanos(OTHER_DIRECTION_WAIT_NANOS);
    }

    /** What OpenSSL holds already (decrypted bytes, or bytes of a record), else what the socket holds. */
    @Override
    public int available() throws IOException {
        enter();
        try {
            int held = calls.held();
            return held > 0 ? held : raw.available();
        } finally {
            exit();
        }
    }

    @Override
    protected void closeOutbound() throws IOException {
        while (!calls.failed()) {
            int result = calls.call(SslCalls.SHUTDOWN, 0, 0);
            if (result > 0 || -result != LibSsl.SSL_ERROR_WANT_WRITE) {
                return;
            }
            socket.parkUntilWritable();
        }
    }

    boolean resumed() {
        return settled != null && settled.resumed();
    }

    @Override
    public String serverName() {
        return settled == null ? null : settled.serverName();
    }

    @Override
    public String applicationProtocol() {
        return settled == null ? null : settled.applicationProtocol();
    }

    @Override
    public String protocol() {
        return settled == null ? null : settled.protocol();
    }

    @Override
    public String cipherSuite() {
        return settled == null ? null : settled.cipherSuite();
    }

    /** Read from OpenSSL on first use: a backend's certificate is seldom asked for, a client's once. */
    @Override
    public synchronized X509Certificate peerCertificate() {
        if (peerRead || !tryEnter()) {
            return peer;
        }
        try {
            peer = calls.peerCertificate();
        } catch (CertificateException e) {
            peer = null;
        } finally {
            peerRead = true;
            exit();
        }
        return peer;
    }

    @Override
    protected void free() {
        calls.free();
        onFree.accept(calls.ssl());
    }
}
