package dev.weft.tls;

import dev.weft.transport.BufferPool;
import dev.weft.transport.StreamConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * TLS over a {@link StreamConnection}, with an {@link SSLEngine}, usable where a plain connection is: one thread
 * reads (unwrap) while another writes (wrap), which SSLEngine allows. Delegated tasks run inline, on the
 * connection's own virtual thread.
 * <p>
 * Buffers are pooled and off-heap: {@code netIn} (received records) belongs to the reader for the connection's
 * life, one record's worth while the connection is quiet and a batch's worth while a stream flows; decrypted bytes go straight into the caller's buffer when it can hold a whole record, and otherwise
 * through {@code appIn}, borrowed only while it holds bytes; {@code netOut} is borrowed for each write and holds
 * as many records as fit, so one socket write carries a batch. Buffers go back to their pools when the connection
 * is closed and the last call in flight has left, never under a thread that still uses them.
 * <p>
 * Writes go through the connection's {@link RecordWriter}, whose lock the reader takes only to answer the peer
 * (a TLS 1.3 key update, a TLS 1.2 close_notify).
 */
public final class TlsConnection extends TlsLayer {
    private final SSLEngine engine;
    private final BufferPool records;
    private final BufferPool batches;
    private final int applicationSize;
    private final RecordWriter writer;
    /** Received bytes not yet unwrapped, in write mode (position = end of data). Reader's. */
    private ByteBuffer netIn;
    /** Set while {@link #handshake} runs: the bound on handshake CPU, given back while the peer is awaited. */
    private HandshakeSlot handshakeSlot;
    /** Decrypted bytes not yet delivered, in read mode; null when there are none. Reader's. */
    private ByteBuffer appIn;
    private boolean inboundDone;

    /**
     * @param records pool of buffers that hold one whole record, decrypted or not
     * @param batches pool of buffers for several records, for writes
     */
    public TlsConnection(StreamConnection raw, SSLEngine engine, BufferPool records, BufferPool batches) {
        super(raw);
        this.engine = engine;
        this.records = records;
        this.batches = batches;
        SSLSession session = engine.getSession();
        this.applicationSize = session.getApplicationBufferSize();
        int packetSize = session.getPacketBufferSize();
        if (records.bufferSize() < Math.max(packetSize, applicationSize) || batches.bufferSize() < packetSize) {
            throw new IllegalArgumentException("buffers of " + records.bufferSize() + " and " + batches.bufferSize()
                    + " bytes are smaller than a TLS record");
        }
        this.writer = new RecordWriter(raw, engine, batches, packetSize);
        this.netIn = records.acquire();
    }

    /** Bytes of this connection read before it became TLS (after a PROXY header): the first of its records. */
    public void receivedAlready(ByteBuffer received) throws SSLException {
        if (received.remaining() > netIn.remaining()) {
            throw new SSLException("more than a TLS record before the handshake");
        }
        netIn.put(received);
    }

    /** The SNI host name a session was asked for, or null. */
    public static String serverName(SSLSession session) {
        if (session instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    return host.getAsciiName();
                }
            }
        }
        return null;
    }

    /**
     * Runs the handshake to completion on the calling thread. On failure, sends the alert the engine has for the
     * peer, if any, and throws; the caller closes the connection.
     */
    public void handshake(HandshakeSlot slot) throws IOException {
        enter();
        handshakeSlot = slot;
        try {
            slot.compute(); // Bytes read before TLS (after a PROXY header) may hold the ClientHello.
            engine.beginHandshake();
            while (true) {
                switch (engine.getHandshakeStatus()) {
                    case NEED_WRAP -> writer.flight();
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        if (unwrapInto(applicationBuffer(), true) < 0) {
                            throw new SSLHandshakeException("the peer closed the connection during the handshake");
                        }
                    }
                    case NEED_TASK -> RecordWriter.runTasks(engine);
                    case FINISHED, NOT_HANDSHAKING -> {
                        return;
                    }
                }
            }
        } catch (SSLException e) {
            writer.alert();
            throw e;
        } catch (IOException e) {
            if (!established()) {
                throw e;
            }
            // The client sent its Finished and left (openssl s_time does) while its session tickets were being
            // sent: its handshake succeeded, and the session learns of the close at its first read.
        } finally {
            handshakeSlot = null;
            releaseEmptyApplicationBuffer();
            exit();
        }
    }

    /**
     * A read in a handshake with no whole record to unwrap: when it would wait, the slot goes back for the wait
     * (the read itself waits, on the JDK transport, which has no readiness to wait for apart from reading).
     */
    private int readPeerBytes() throws IOException {
        if (raw.available() == 0) {
            handshakeSlot.awaitPeer();
        }
        int read = raw.read(netIn);
        handshakeSlot.compute();
        return read;
    }

    /** Whether the peer's Finished was taken: the engine's session is then the real one, not the null one. */
    private boolean established() {
        return !"SSL_NULL_WITH_NULL_NULL".equals(engine.getSession().getCipherSuite());
    }

    /**
     * Reads at least one byte, parking only while nothing at all can be delivered; then as many more as are
     * already here (decrypted, or whole records received, or bytes the socket holds), so that a stream moves in
     * large reads and large writes rather than one record, or one small buffer, at a time.
     */
    @Override
    public int read(ByteBuffer destination) throws IOException {
        enter();
        try {
            int delivered = 0;
            while (destination.hasRemaining()) {
                if (appIn != null) {
                    int n = Math.min(appIn.remaining(), destination.remaining());
                    destination.put(destination.position(), appIn, appIn.position(), n);
                    destination.position(destination.position() + n);
                    appIn.position(appIn.position() + n);
                    delivered += n;
                    releaseEmptyApplicationBuffer();
                    continue;
                }
                if (inboundDone) {
                    break;
                }
                boolean direct = destination.remaining() >= applicationSize;
                if (delivered > 0 && !direct) {
                    break;
                }
                int produced = unwrapInto(direct ? destination : applicationBuffer(), delivered == 0);
                if (produced < 0) {
                    break;
                }
                if (direct) {
                    delivered += produced;
                }
                releaseEmptyApplicationBuffer();
                if (produced == 0 && delivered > 0) {
                    break;
                }
            }
            return delivered == 0 && inboundDone ? -1 : delivered;
        } catch (SSLException e) {
            writer.alert();
            throw e;
        } finally {
            exit();
        }
    }

    /**
     * Unwraps into {@code target} the records already received, reading from the socket when not even one whole
     * record is there: parking for it if {@code mayPark}, else only if the socket already holds bytes. Answers what
     * the engine asks for on the way (tasks, post-handshake replies).
     *
     * @return bytes of application data produced (possibly 0), -1 at the end of input
     */
    private int unwrapInto(ByteBuffer target, boolean mayPark) throws IOException {
        boolean appTarget = target == appIn;
        if (appTarget) {
            appIn.compact();
        }
        int produced = 0;
        try {
            while (true) {
                netIn.flip();
                SSLEngineResult result;
                try {
                    result = engine.unwrap(netIn, target);
                } finally {
                    netIn.compact();
                }
                produced += result.bytesProduced();
                switch (result.getStatus()) {
                    case OK -> {
                        if (!answer(result.getHandshakeStatus())) {
                            return produced;
                        }
                        // More records already here and room for them: batch them into this read.
                        if (netIn.position() == 0 || target.remaining() < applicationSize
                                || engine.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
                            return produced;
                        }
                    }
                    case BUFFER_UNDERFLOW -> {
                        if (produced > 0 || (!mayPark && raw.available() == 0)) {
                            return produced;
                        }
                        if (!netIn.hasRemaining()) {
                            throw new SSLException("a TLS record larger than " + netIn.capacity() + " bytes");
                        }
                        if (mayPark && netIn.position() == 0 && netIn.capacity() > records.bufferSize()) {
                            // About to wait with nothing buffered: wait with a one-record buffer, not a batch.
                            netIn = swap(netIn, batches, records);
                        }
                        if ((handshakeSlot == null ? raw.read(netIn) : readPeerBytes()) < 0) {
                            inboundDone = true;
                            closeInboundQuietly();
                            return -1;
                        }
                        if (!netIn.hasRemaining() && netIn.capacity() == records.bufferSize()) {
                            // One read filled a whole record buffer: a stream is flowing, so take in batches.
                            netIn = swap(netIn, records, batches);
                        }
                        mayPark = false;
                    }
                    case BUFFER_OVERFLOW -> {
                        if (produced == 0) {
                            throw new SSLException("a TLS record larger than " + target.capacity()
                                    + " bytes of application data");
                        }
                        return produced;
                    }
                    case CLOSED -> {
                        inboundDone = true;
                        answer(result.getHandshakeStatus());
                        return produced > 0 ? produced : -1;
                    }
                }
            }
        } finally {
            if (appTarget) {
                appIn.flip();
            }
        }
    }

    /** Does what the engine needs after an unwrap; false when it is handshaking and the caller must go on. */
    private boolean answer(SSLEngineResult.HandshakeStatus status) throws IOException {
        switch (status) {
            case NEED_TASK -> RecordWriter.runTasks(engine);
            case NEED_WRAP -> writer.flight();
            default -> {
            }
        }
        SSLEngineResult.HandshakeStatus now = engine.getHandshakeStatus();
        return now == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
                || now == SSLEngineResult.HandshakeStatus.FINISHED;
    }

    @Override
    public void write(ByteBuffer source) throws IOException {
        enter();
        try {
            writer.send(source);
        } catch (SSLException e) {
            writer.alert();
            throw e;
        } finally {
            exit();
        }
    }

    /** Moves {@code buffer}'s bytes (write mode) into a buffer from {@code to} and returns {@code buffer} to {@code from}. */
    private static ByteBuffer swap(ByteBuffer buffer, BufferPool from, BufferPool to) {
        ByteBuffer replacement = to.acquire();
        buffer.flip();
        replacement.put(buffer);
        from.release(buffer);
        return replacement;
    }

    private void closeInboundQuietly() {
        try {
            engine.closeInbound();
        } catch (SSLException e) {
            // The peer closed without close_notify: for a proxy that is the end of the stream all the same.
        }
    }

    private ByteBuffer applicationBuffer() {
        if (appIn == null) {
            appIn = records.acquire();
            appIn.flip();
        }
        return appIn;
    }

    private void releaseEmptyApplicationBuffer() {
        if (appIn != null && !appIn.hasRemaining()) {
            records.release(appIn);
            appIn = null;
        }
    }

    @Override
    public int available() throws IOException {
        ByteBuffer decrypted = appIn;
        return (decrypted == null ? 0 : decrypted.remaining()) + raw.available();
    }

    @Override
    protected void closeOutbound() throws IOException {
        engine.closeOutbound();
        writer.flight();
    }

    /** Waits on the socket only when nothing is here already: no decrypted bytes, no record bytes to unwrap. */
    @Override
    public void awaitReadable() throws IOException {
        enter();
        try {
            if (appIn == null && !inboundDone && netIn.position() == 0) {
                raw.awaitReadable();
            }
        } finally {
            exit();
        }
    }

    /** The buffers go back to their pools. */
    @Override
    protected void free() {
        ByteBuffer in = netIn;
        netIn = null;
        if (in != null) {
            (in.capacity() == records.bufferSize() ? records : batches).release(in);
        }
        ByteBuffer decrypted = appIn;
        appIn = null;
        if (decrypted != null) {
            records.release(decrypted);
        }
    }

    @Override
    public String serverName() {
        return serverName(engine.getSession());
    }

    @Override
    public String applicationProtocol() {
        String protocol = engine.getApplicationProtocol();
        return protocol == null || protocol.isEmpty() ? null : protocol;
    }

    @Override
    public String protocol() {
        return engine.getSession().getProtocol();
    }

    @Override
    public String cipherSuite() {
        return engine.getSession().getCipherSuite();
    }

    @Override
    public X509Certificate peerCertificate() {
        try {
            Certificate[] chain = engine.getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? leaf : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }
}
