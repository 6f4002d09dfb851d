package dev.weft.tls.openssl;

import dev.weft.linux.CallState;
import dev.weft.linux.Errors;
import dev.weft.linux.LinuxLibc;
import dev.weft.openssl.LibCrypto;
import dev.weft.openssl.LibSsl;
import dev.weft.openssl.LibSslVerify;
import dev.weft.openssl.OpenSslLinker;
import dev.weft.tls.ClientTls;
import dev.weft.transport.SocketAccess;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * One connection's {@code SSL} and every call made on it. An {@code SSL} must not be used by two threads at once,
 * and a session's reader and writer are two threads: each call holds this connection's lock (never another
 * connection's), and only for the non-blocking call itself, never while parked. Each call is made with the fd
 * held, after lowering the readiness flag of its own direction, with OpenSSL's error queue cleared before and
 * drained after, before anything can park the thread and let another run on its carrier.
 */
final class SslCalls {
    static final int HANDSHAKE = 0;
    static final int READ = 1;
    static final int WRITE = 2;
    static final int PEEK = 3;
    static final int SHUTDOWN = 4;
    /** Where a peek puts the byte it looks at, which nobody reads: shared, since its contents do not matter. */
    private static final MemorySegment PEEKED = Arena.global().allocate(16);
    /** From x509_vfy.h. */
    private static final long X509_V_OK = 0;
    private static final long X509_V_ERR_HOSTNAME_MISMATCH = 62;
    private static final long X509_V_ERR_IP_ADDRESS_MISMATCH = 64;

    private final MemorySegment ssl;
    private final SocketAccess socket;
    private final String what;
    private final ReentrantLock lock = new ReentrantLock();
    /** OpenSSL reported a fatal error: no more calls but freeing (SSL_shutdown would fail too). */
    private volatile boolean failed;
    /** The socket BIO that becomes the read side once the bytes read before TLS began are used up; else null. */
    private MemorySegment socketForReading;
    /** For a client that verifies the server's name: that name, for the message when verification fails. */
    private String expectedHost;

    private SslCalls(MemorySegment ssl, SocketAccess socket, String what) {
        this.ssl = ssl;
        this.socket = socket;
        this.what = what;
    }

    static SslCalls create(MemorySegment context, SocketAccess socket, String what) throws IOException {
        OpenSslErrors.clear();
        MemorySegment ssl = LibSsl.SSL_new(context);
        if (ssl.equals(MemorySegment.NULL)) {
            throw new IOException(what + ": OpenSSL cannot make a connection: " + OpenSslErrors.drainOr("no memory"));
        }
        OpenSslGauges.connection(1);
        return new SslCalls(ssl, socket, what);
    }

    MemorySegment ssl() {
        return ssl;
    }

    boolean failed() {
        return failed;
    }

    /**
     * The server side: gives the SSL the socket, behind a memory BIO holding {@code received} (bytes read before
     * TLS began, after a PROXY header) when there are such bytes.
     */
    void acceptOn(ByteBuffer received) throws IOException {
        LibSsl.SSL_set_accept_state(ssl);
        int fd = socket.acquireDescriptor();
        try {
            if (received == null || !received.hasRemaining()) {
                setFd(fd);
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

    /**
     * The client side, for {@code host}: sent as SNI unless it is an IP address, and, with {@code verify}, the
     * name (a DNS name, or an IP address entry) the server's certificate must be for.
     */
    void connectOn(String host, boolean verify) throws IOException {
        LibSsl.SSL_set_connect_state(ssl);
        int fd = socket.acquireDescriptor();
        try {
            setFd(fd);
        } finally {
            socket.releaseDescriptor();
        }
        expectedHost = verify ? host : null;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocateFrom(host);
            boolean address = ClientTls.isAddressLiteral(host);
            if (!address) {
                LibSsl.SSL_ctrl(ssl, LibSsl.SSL_CTRL_SET_TLSEXT_HOSTNAME, LibSsl.TLSEXT_NAMETYPE_host_name, name);
            }
            if (verify && (address ? LibCrypto.X509_VERIFY_PARAM_set1_ip_asc(LibSslVerify.SSL_get0_param(ssl), name)
                    : LibSslVerify.SSL_set1_host(ssl, name)) != 1) {
                throw new IOException(what + ": OpenSSL cannot verify the name " + host + ": "
                        + OpenSslErrors.drainOr("not a host name or address"));
            }
        }
    }

    private void setFd(int fd) throws IOException {
        if (LibSsl.SSL_set_fd(ssl, fd) != 1) {
            throw new IOException(what + ": OpenSSL cannot use the socket: " + OpenSslErrors.drainOr("no memory"));
        }
    }

    /** When the bytes read before TLS are used up, the socket's BIO takes over reading; false if it already had. */
    boolean readSocketNext() {
        MemorySegment sock = socketForReading;
        if (sock == null) {
            return false;
        }
        socketForReading = null;
        // SSL_free frees the read and the write BIO: the socket BIO is both now, so it takes a second reference.
        LibCrypto.BIO_up_ref(sock);
        LibSsl.SSL_set0_rbio(ssl, sock);
        return true;
    }

    /**
     * One SSL call: a positive result as it is, else minus the SSL error (WANT_READ, WANT_WRITE, ZERO_RETURN). A
     * fatal error is thrown, with OpenSSL's reason.
     */
    int call(int operation, long address, int length) throws IOException {
        lock.lock();
        try {
            if (failed) {
                throw new SSLException(what + ": TLS connection failed earlier");
            }
            socket.acquireDescriptor();
            try {
                lowerFlags(operation);
                MemorySegment errno = CallState.current().errno();
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
                return failure(operation, LibSsl.SSL_get_error(ssl, result), LinuxLibc.errno(errno));
            } finally {
                socket.releaseDescriptor();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The reader and the writer each lower only their own direction's flag; a handshake is alone, so both. */
    private void lowerFlags(int operation) {
        switch (operation) {
            case READ, PEEK -> socket.beforeRead();
            case WRITE, SHUTDOWN -> socket.beforeWrite();
            default -> {
                socket.beforeRead();
                socket.beforeWrite();
            }
        }
    }

    private int failure(int operation, int error, int errno) throws IOException {
        switch (error) {
            case LibSsl.SSL_ERROR_WANT_READ, LibSsl.SSL_ERROR_WANT_WRITE, LibSsl.SSL_ERROR_ZERO_RETURN -> {
                OpenSslErrors.drain();
                return -error;
            }
            case LibSsl.SSL_ERROR_SYSCALL -> {
                String reason = OpenSslErrors.drain();
                failed = true;
                if (errno != 0) {
                    throw Errors.exception(operation == WRITE || operation == SHUTDOWN ? "write" : "read", errno);
                }
                if (reason == null) {
                    return -LibSsl.SSL_ERROR_ZERO_RETURN; // The peer closed the socket mid-record or mid-handshake.
                }
                throw exception(operation, reason);
            }
            default -> {
                String reason = OpenSslErrors.drainOr("error " + error);
                failed = true;
                throw exception(operation, operation == HANDSHAKE ? withVerification(reason) : reason);
            }
        }
    }

    /** A failed verification says why: "certificate verify failed: hostname mismatch (… not for api.internal)". */
    private String withVerification(String reason) {
        long result = LibSslVerify.SSL_get_verify_result(ssl);
        if (result == X509_V_OK) {
            return reason;
        }
        String why = OpenSslLinker.string(LibCrypto.X509_verify_cert_error_string(result));
        return reason + ": " + why + (result == X509_V_ERR_HOSTNAME_MISMATCH || result == X509_V_ERR_IP_ADDRESS_MISMATCH
                ? " (the certificate is not for " + expectedHost + ")" : "");
    }

    private static SSLException exception(int operation, String reason) {
        return operation == HANDSHAKE ? new SSLHandshakeException(reason) : new SSLException(reason);
    }

    /** Decrypted bytes OpenSSL holds; else 1 when it holds bytes of a record; else 0. */
    int held() {
        lock.lock();
        try {
            int decrypted = LibSsl.SSL_pending(ssl);
            return decrypted > 0 ? decrypted : LibSsl.SSL_has_pending(ssl);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives back OpenSSL's record buffers while the connection waits with nothing in them: a peek that found the
     * socket empty has just allocated the read buffer (four records) and would keep it while the connection idles.
     */
    void releaseBuffers() {
        lock.lock();
        try {
            LibSsl.SSL_free_buffers(ssl);
        } finally {
            lock.unlock();
        }
    }

    /** What a finished handshake settled. */
    record Settled(String serverName, String applicationProtocol, String protocol, String cipherSuite,
                   boolean resumed) {
    }

    Settled settled() {
        lock.lock();
        try {
            return new Settled(OpenSslTexts.serverName(ssl), OpenSslTexts.applicationProtocol(ssl),
                    OpenSslTexts.protocol(ssl), OpenSslTexts.cipherSuite(ssl), LibSsl.SSL_session_reused(ssl) == 1);
        } finally {
            lock.unlock();
        }
    }

    X509Certificate peerCertificate() throws CertificateException {
        lock.lock();
        try {
            return OpenSslTexts.peerCertificate(ssl);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Frees the SSL, with its BIOs, however they were attached: SSL_set_fd's one socket BIO, or a memory BIO and
     * the socket BIO. Only once nothing else can call.
     */
    void free() {
        socketForReading = null;
        LibSsl.SSL_free(ssl);
        OpenSslGauges.connection(-1);
    }
}
