package dev.weft.tls.openssl;

import dev.weft.linux.CallGate;
import dev.weft.linux.CallState;
import dev.weft.linux.Errors;
import dev.weft.linux.LinuxLibc;
import dev.weft.openssl.LibCrypto;
import dev.weft.openssl.LibSsl;
import dev.weft.openssl.OpenSslLinker;
import dev.weft.tls.ClientTls;
import dev.weft.tls.TlsStream;
import dev.weft.transport.SocketAccess;
import dev.weft.transport.StreamConnection;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.agrona.BufferUtil;

/**
 * TLS over a native socket with OpenSSL: the {@code SSL} reads and writes the fd itself, so records go from the
 * kernel through OpenSSL into the caller's buffer with no ciphertext in Java. Each call is non-blocking; on
 * WANT_READ or WANT_WRITE the thread parks through the transport's {@link SocketAccess} readiness protocol,
 * unmounted, and tries again when the socket is ready.
 * <p>
 * An {@code SSL} must not be used by two threads at once, and a session's reader and writer are two threads: each
 * call holds this connection's lock (never another connection's), and only for the non-blocking call itself, never
 * while parked. The reader waits on readability and the writer on writability, so each lowers only its own flag.
 * The rare call that needs the other direction (a read that must answer a key update into a full socket) waits
 * a millisecond at a time instead, since lowering the other thread's flag could lose its wake-up.
 * <p>
 * The {@code SSL} is freed when the connection is closed and the last call in flight has left.
 */
final class OpenSslConnection implements TlsStream {
    private static final int HANDSHAKE = 0;
    private static final int READ = 1;
    private static final int WRITE = 2;
    private static final int PEEK = 3;
    private static final int SHUTDOWN = 4;
    /** Where a peek puts the byte it looks at, which nobody reads: shared, since its contents do not matter. */
    private static final MemorySegment PEEKED = Arena.global().allocate(16);
    private static final long OTHER_DIRECTION_WAIT_NANOS = 1_000_000;
    /** From x509_vfy.h. */
    private static final long X509_V_OK = 0;
    private static final long X509_V_ERR_HOSTNAME_MISMATCH = 62;
    private static final long X509_V_ERR_IP_ADDRESS_MISMATCH = 64;

    private final StreamConnection raw;
    private final SocketAccess socket;
    private final MemorySegment ssl;
    private final String what;
    private final Consumer<MemorySegment> onFree;
    private final ReentrantLock lock = new ReentrantLock();
    private final CallGate gate = new CallGate();
    private final AtomicBoolean outputShut = new AtomicBoolean();
    /** The socket BIO that becomes the read side once the bytes read before TLS began are used up; else null. */
    private MemorySegment socketForReading;
    /** OpenSSL reported a fatal error: no more calls but freeing (SSL_shutdown would fail too). */
    private volatile boolean failed;
    private volatile boolean inboundDone;
    private String serverName;
    private String applicationProtocol;
    private String protocol;
    private String cipherSuite;
    private boolean resumed;
    private X509Certificate peer;
    private boolean peerRead;
    /** For a client that verifies the server's name: that name, for the message when verification fails. */
    private String expectedHost;

    private OpenSslConnection(StreamConnection raw, SocketAccess socket, MemorySegment ssl, String what,
                              Consumer<MemorySegment> onFree) {
        this.raw = raw;
        this.socket = socket;
        this.ssl = ssl;
        this.what = what;
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
        MemorySegment ssl = newSsl(context, what);
        OpenSslConnection connection = new OpenSslConnection(raw, socket, ssl, what, onFree);
        try {
            LibSsl.SSL_set_accept_state(ssl);
            connection.attach(received);
        } catch (IOException | RuntimeException e) {
            connection.abort();
            throw e;
        }
        return connection;
    }

    /**
     * The server a client connection is for: {@code host} is sent as SNI unless it is an IP address, and, with
     * {@code verify}, the certificate must be for it (a DNS name, or an IP address entry).
     */
    record Peer(String host, boolean verify) {
    }

    /** The client side of a connection, not yet handshaken. */
    static OpenSslConnection connect(StreamConnection raw, SocketAccess socket, MemorySegment context, Peer peer,
                                     String what, Consumer<MemorySegment> onFree) throws IOException {
        MemorySegment ssl = newSsl(context, what);
        OpenSslConnection connection = new OpenSslConnection(raw, socket, ssl, what, onFree);
        connection.expectedHost = peer.verify() ? peer.host() : null;
        try (Arena arena = Arena.ofConfined()) {
            LibSsl.SSL_set_connect_state(ssl);
            connection.attach(null);
            MemorySegment host = arena.allocateFrom(peer.host());
            boolean address = ClientTls.isAddressLiteral(peer.host());
            if (!address) {
                LibSsl.SSL_ctrl(ssl, LibSsl.SSL_CTRL_SET_TLSEXT_HOSTNAME, LibSsl.TLSEXT_NAMETYPE_host_name, host);
            }
            if (peer.verify()) {
                int set = address ? LibCrypto.X509_VERIFY_PARAM_set1_ip_asc(LibSsl.SSL_get0_param(ssl), host)
                        : LibSsl.SSL_set1_host(ssl, host);
                if (set != 1) {
                    throw new IOException(what + ": OpenSSL cannot verify the name " + peer.host() + ": "
                            + OpenSslErrors.drainOr("not a host name or address"));
                }
            }
        } catch (IOException | RuntimeException e) {
            connection.abort();
            throw e;
        }
        return connection;
    }

    MemorySegment ssl() {
        return ssl;
    }

    private static MemorySegment newSsl(MemorySegment context, String what) throws IOException {
        OpenSslErrors.clear();
        MemorySegment ssl = LibSsl.SSL_new(context);
        if (ssl.equals(MemorySegment.NULL)) {
            throw new IOException(what + ": OpenSSL cannot make a connection: " + OpenSslErrors.drainOr("no memory"));
        }
        OpenSslGauges.connection(1);
        return ssl;
    }

    /** Gives the SSL the socket, behind a memory BIO holding {@code received} when there are such bytes. */
    private void attach(ByteBuffer received) throws IOException {
        int fd = socket.acquireDescriptor();
        try {
            if (received == null || !received.hasRemaining()) {
                if (LibSsl.SSL_set_fd(ssl, fd) != 1) {
                    throw new IOException(what + ": OpenSSL cannot use the socket: " + OpenSslErrors.drainOr("?"));
                }
                return;
            }
            MemorySegment memory = LibCrypto.BIO_new(LibCrypto.BIO_s_mem());
            MemorySegment sock = LibCrypto.BIO_new_socket(fd, LibCrypto.BIO_NOCLOSE);
            if (memory.equals(MemorySegment.NULL) || sock.equals(MemorySegment.NULL)) {
                throw new IOException(what + ": OpenSSL cannot make a BIO: " + OpenSslErrors.drainOr("no memory"));
            }
            LibCrypto.BIO_write(memory, MemorySegment.ofBuffer(received), received.remaining());
            received.position(received.limit());
            LibSsl.SSL_set0_rbio(ssl, memory);
            LibSsl.SSL_set0_wbio(ssl, sock);
            socketForReading = sock;
        } finally {
            socket.releaseDescriptor();
        }
    }

    /** Runs the handshake on the calling thread, parking while the socket is not ready. */
    void handshake() throws IOException {
        enter();
        try {
            while (true) {
                int result = call(HANDSHAKE, 0, 0);
                if (result > 0) {
                    settle();
                    return;
                }
                switch (-result) {
                    case LibSsl.SSL_ERROR_WANT_READ -> {
                        if (!readSocketNext()) {
                            socket.parkUntilReadable();
                        }
                    }
                    case LibSsl.SSL_ERROR_WANT_WRITE -> socket.parkUntilWritable();
                    default -> throw new SSLHandshakeException("the peer closed the connection during the handshake");
                }
            }
        } finally {
            exit();
        }
    }

    /** When the bytes read before TLS are used up, the socket's BIO takes over reading; false if it already had. */
    private boolean readSocketNext() {
        MemorySegment sock = socketForReading;
        if (sock == null) {
            return false;
        }
        socketForReading = null;
        LibCrypto.BIO_up_ref(sock);
        LibSsl.SSL_set0_rbio(ssl, sock);
        return true;
    }

    /** Reads what the handshake settled, once, for logs and PROXY headers. */
    private void settle() {
        lock.lock();
        try {
            serverName = OpenSslTexts.serverName(ssl);
            applicationProtocol = OpenSslTexts.applicationProtocol(ssl);
            protocol = OpenSslTexts.protocol(ssl);
            cipherSuite = OpenSslTexts.cipherSuite(ssl);
            resumed = LibSsl.SSL_session_reused(ssl) == 1;
        } finally {
            lock.unlock();
        }
    }

    /**
     * One SSL call, under the lock and with the fd held: a positive result as it is, else minus the SSL error
     * (WANT_READ, WANT_WRITE, ZERO_RETURN). A fatal error is thrown, with OpenSSL's reason, after the queue is drained.
     */
    private int call(int operation, long address, int length) throws IOException {
        lock.lock();
        try {
            if (failed) {
                throw new SSLException(what + ": TLS connection failed earlier");
            }
            socket.acquireDescriptor();
            try {
                switch (operation) {
                    case READ, PEEK -> socket.beforeRead();
                    case WRITE, SHUTDOWN -> socket.beforeWrite();
                    default -> {
                        socket.beforeRead();
                        socket.beforeWrite();
                    }
                }
                CallState cs = CallState.current();
                MemorySegment errno = cs.errno();
                OpenSslErrors.clear();
                int result = switch (operation) {
                    case HANDSHAKE -> LibSsl.SSL_do_handshake(errno, ssl);
                    case READ -> LibSsl.SSL_readAddress(errno, ssl, address, length);
                    case WRITE -> LibSsl.SSL_writeAddress(errno, ssl, address, length);
                    case PEEK -> LibSsl.SSL_peek(errno, ssl, PEEKED, 1);
                    case SHUTDOWN -> LibSsl.SSL_shutdown(errno, ssl);
                    default -> throw new IllegalArgumentException("operation " + operation);
                };
                if (result > 0 || (operation == SHUTDOWN && result == 0)) {
                    return Math.max(result, 1);
                }
                int error = LibSsl.SSL_get_error(ssl, result);
                switch (error) {
                    case LibSsl.SSL_ERROR_WANT_READ, LibSsl.SSL_ERROR_WANT_WRITE, LibSsl.SSL_ERROR_ZERO_RETURN -> {
                        OpenSslErrors.drain();
                        return -error;
                    }
                    case LibSsl.SSL_ERROR_SYSCALL -> {
                        int code = LinuxLibc.errno(errno);
                        String reason = OpenSslErrors.drain();
                        failed = true;
                        if (code != 0) {
                            throw Errors.exception(operation == WRITE || operation == SHUTDOWN ? "write" : "read",
                                    code);
                        }
                        if (reason == null) {
                            // The peer closed the socket mid-record, or mid-handshake.
                            return -LibSsl.SSL_ERROR_ZERO_RETURN;
                        }
                        throw failure(operation, reason);
                    }
                    default -> {
                        String reason = OpenSslErrors.drainOr("error " + error);
                        failed = true;
                        throw failure(operation, operation == HANDSHAKE ? withVerification(reason) : reason);
                    }
                }
            } finally {
                socket.releaseDescriptor();
            }
        } finally {
            lock.unlock();
        }
    }

    /** A failed verification says why: "certificate verify failed: hostname mismatch (not for api.internal)". */
    private String withVerification(String reason) {
        long result = LibSsl.SSL_get_verify_result(ssl);
        if (result == X509_V_OK) {
            return reason;
        }
        String why = OpenSslLinker.string(LibCrypto.X509_verify_cert_error_string(result));
        return reason + ": " + why + (result == X509_V_ERR_HOSTNAME_MISMATCH || result == X509_V_ERR_IP_ADDRESS_MISMATCH
                ? " (the certificate is not for " + expectedHost + ")" : "");
    }

    private static SSLException failure(int operation, String reason) {
        return operation == HANDSHAKE ? new SSLHandshakeException(reason) : new SSLException(reason);
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
                int result = transfer(READ, destination);
                if (result > 0) {
                    delivered += result;
                    if (!holdsBytes()) {
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

    /** Whether OpenSSL has bytes of a record it has not delivered: decrypted, or read from the socket. */
    private boolean holdsBytes() {
        lock.lock();
        try {
            return LibSsl.SSL_has_pending(ssl) == 1;
        } finally {
            lock.unlock();
        }
    }

    /** One SSL_read or SSL_write between the buffer's position and limit; moves the position by what it did. */
    private int transfer(int operation, ByteBuffer buffer) throws IOException {
        int length = buffer.remaining();
        if (!buffer.isDirect()) {
            return transferHeap(operation, buffer);
        }
        int result = call(operation, BufferUtil.address(buffer) + buffer.position(), length);
        if (result > 0) {
            buffer.position(buffer.position() + result);
        }
        return result;
    }

    /** Heap buffers (a health check's, say) go through a native copy: rare, and not on the proxying path. */
    private int transferHeap(int operation, ByteBuffer buffer) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment copy = arena.allocate(Math.max(1, buffer.remaining()));
            if (operation == WRITE) {
                copy.copyFrom(MemorySegment.ofBuffer(buffer));
            }
            int result = call(operation, copy.address(), buffer.remaining());
            if (result > 0) {
                if (operation == READ) {
                    buffer.put(copy.asSlice(0, result).asByteBuffer());
                } else {
                    buffer.position(buffer.position() + result);
                }
            }
            return result;
        }
    }

    /**
     * Parks until a read is worth trying, holding no buffer: until OpenSSL holds a decrypted byte, or the socket
     * has bytes, an end or an error for it (which the read then reports).
     */
    @Override
    public void awaitReadable() throws IOException {
        enter();
        try {
            while (!inboundDone) {
                int result = call(PEEK, 0, 0);
                if (result > 0 || -result == LibSsl.SSL_ERROR_ZERO_RETURN) {
                    return;
                }
                if (-result == LibSsl.SSL_ERROR_WANT_READ) {
                    socket.parkUntilReadable();
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

    @Override
    public void write(ByteBuffer source) throws IOException {
        enter();
        try {
            while (source.hasRemaining()) {
                int result = transfer(WRITE, source);
                if (result > 0) {
                    continue;
                }
                switch (-result) {
                    case LibSsl.SSL_ERROR_WANT_WRITE -> socket.parkUntilWritable();
                    case LibSsl.SSL_ERROR_WANT_READ -> waitForTheOtherDirection();
                    default -> throw new SSLException(what + ": TLS output already closed");
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

    /** Decrypted bytes OpenSSL holds; else 1 when it holds record bytes; else what the socket holds. */
    @Override
    public int available() throws IOException {
        enter();
        try {
            lock.lock();
            try {
                int decrypted = LibSsl.SSL_pending(ssl);
                if (decrypted > 0) {
                    return decrypted;
                }
                if (LibSsl.SSL_has_pending(ssl) == 1) {
                    return 1;
                }
            } finally {
                lock.unlock();
            }
            return raw.available();
        } finally {
            exit();
        }
    }

    /** Sends close_notify, then FIN; the peer may go on sending (TLS 1.3 allows a half-closed connection). */
    @Override
    public void shutdownOutput() {
        if (!outputShut.compareAndSet(false, true)) {
            return;
        }
        if (gate.acquire()) {
            try {
                while (!failed) {
                    int result = call(SHUTDOWN, 0, 0);
                    if (result > 0 || -result != LibSsl.SSL_ERROR_WANT_WRITE) {
                        break;
                    }
                    socket.parkUntilWritable();
                }
            } catch (IOException | RuntimeException e) {
                // The peer is gone: the FIN below, or the reset it already saw, ends it.
            } finally {
                exit();
            }
        }
        raw.shutdownOutput();
    }

    @Override
    public void abort() {
        raw.abort();
        markClosed();
    }

    @Override
    public void close() {
        raw.close();
        markClosed();
    }

    @Override
    public Thread newThread(String name, Runnable task) {
        return raw.newThread(name, task);
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return raw.remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return raw.localAddress();
    }

    boolean resumed() {
        return resumed;
    }

    @Override
    public String serverName() {
        return serverName;
    }

    @Override
    public String applicationProtocol() {
        return applicationProtocol;
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public String cipherSuite() {
        return cipherSuite;
    }

    /** Read from OpenSSL on first use: a backend's certificate is seldom asked for, a client's once. */
    @Override
    public X509Certificate peerCertificate() {
        if (!gate.acquire()) {
            return peer;
        }
        try {
            lock.lock();
            try {
                if (!peerRead) {
                    peer = OpenSslTexts.peerCertificate(ssl);
                    peerRead = true;
                }
                return peer;
            } finally {
                lock.unlock();
            }
        } catch (CertificateException e) {
            peerRead = true;
            return null;
        } finally {
            exit();
        }
    }

    private void enter() throws ClosedChannelException {
        if (!gate.acquire()) {
            throw new ClosedChannelException();
        }
    }

    private void exit() {
        if (gate.release()) {
            free();
        }
    }

    private void markClosed() {
        gate.close(() -> { }, this::free);
    }

    /** Runs once: by close when nothing is in flight, else by the last call to leave. */
    private void free() {
        // SSL_free frees both BIOs, however they were attached: SSL_set_fd's one socket BIO, or a memory BIO
        // and the socket BIO (which holds a second reference once it also reads).
        socketForReading = null;
        LibSsl.SSL_free(ssl);
        OpenSslGauges.connection(-1);
        onFree.accept(ssl);
    }

    @Override
    public String toString() {
        return "TLS " + raw;
    }
}
