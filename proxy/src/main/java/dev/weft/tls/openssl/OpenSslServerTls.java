package dev.weft.tls.openssl;

import dev.weft.config.TlsListenerConfig;
import dev.weft.linux.CallGate;
import dev.weft.log.LogText;
import dev.weft.log.RateLimitedLog;
import dev.weft.openssl.LibSsl;
import dev.weft.openssl.LibSslContext;
import dev.weft.openssl.OpenSslLinker;
import dev.weft.tls.CertificateSet;
import dev.weft.tls.HandshakeSlot;
import dev.weft.tls.ListenerCertificates;
import dev.weft.tls.ServerNames;
import dev.weft.tls.ServerTls;
import dev.weft.tls.SslPolicy;
import dev.weft.tls.TicketKeys;
import dev.weft.tls.TlsStream;
import dev.weft.transport.BufferPool;
import dev.weft.transport.SocketAccess;
import dev.weft.transport.StreamConnection;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * TLS termination on OpenSSL for one listener. Its own {@code SSL_CTX} holds what is per listener (the policy,
 * ALPN, the session cache and ticket keys) and the two callbacks, set up once: the servername callback switches
 * each handshake to the {@link CertificateContexts} context of the client's SNI, and the ALPN callback picks the
 * listener's first protocol the client offers. Both are FFM upcalls, which run pinned inside the handshake, so
 * they only look up and switch.
 * <p>
 * The upcall stubs and the ALPN list live in one arena with the context; connections hold the listener open, and
 * after {@link #close} the last of them frees the context and the arena.
 */
public final class OpenSslServerTls implements ServerTls {
    private static final System.Logger LOG = System.getLogger("weft.tls");
    private static final RateLimitedLog REFUSED_NAMES = new RateLimitedLog(LOG, System.Logger.Level.INFO);
    private static final FunctionDescriptor SERVERNAME = FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS);
    private static final FunctionDescriptor ALPN = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
            ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS);
    private static final FunctionDescriptor TICKET_KEY = FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
            ValueLayout.JAVA_INT);
    /** SSL_AD_INTERNAL_ERROR: the alert a callback that fails sends. */
    private static final int INTERNAL_ERROR = 80;

    private final String listener;
    private final String what;
    private final TlsListenerConfig config;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment context;
    private final MemorySegment alpn;
    private final byte[] sessionIdContext;
    private final SslPolicy policy;
    /** The ALPN upcall stub, or NULL when the listener advertises no protocol. */
    private MemorySegment alpnCallback;
    private final CallGate connections = new CallGate();
    private final LongAdder full = new LongAdder();
    private final LongAdder resumed = new LongAdder();
    private volatile CertificateContexts certificates;
    /** The ticket keys in use, with their native ring; null when resumption is off. */
    private volatile TicketKeys ticketKeys;
    private volatile TicketKeyRing tickets;

    private OpenSslServerTls(String listener, TlsListenerConfig config, MemorySegment context) {
        this.listener = listener;
        this.what = "listener '" + listener + "'";
        this.config = config;
        this.context = context;
        this.alpn = wireFormat(arena, config.alpn());
        this.sessionIdContext = sessionIdContext(listener);
        this.policy = SslPolicy.of(config.policy());
    }

    /**
     * Loads every certificate into OpenSSL; any that cannot be used fails the whole listener, with the file named.
     *
     * @param warnings receives expiry warnings
     */
    public static OpenSslServerTls create(String listener, TlsListenerConfig config, Consumer<String> warnings)
            throws IOException {
        CertificateSet loaded = ListenerCertificates.load(0, config, warnings);
        MemorySegment context = SslContexts.create(LibSslContext.TLS_server_method(), "listener '" + listener + "'");
        OpenSslServerTls tls = new OpenSslServerTls(listener, config, context);
        OpenSslGauges.context(1);
        List<String> missing = CipherNames.missing(List.of(tls.policy.cipherSuites()));
        if (!missing.isEmpty()) {
            // Information, not a warning: Debian's OpenSSL has no 3DES, so every COMPATIBLE listener would warn.
            LOG.log(System.Logger.Level.INFO, tls.what + ": this OpenSSL has no " + String.join(", ", missing)
                    + ": the policy's other suites are offered");
        }
        try {
            tls.setUp();
            tls.certificates = CertificateContexts.create(loaded, tls::configure, tls.what);
        } catch (IOException | RuntimeException e) {
            tls.free();
            throw e;
        }
        return tls;
    }

    private void setUp() throws IOException {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        alpnCallback = config.alpn().isEmpty() ? MemorySegment.NULL
                : OpenSslLinker.upcall(OpenSslLinker.bound(lookup, this, "onAlpn", ALPN), ALPN, arena);
        configure(context);
        if (config.sessionResumption().enabled()) {
            ticketKeys = config.sessionTickets().keyFile() != null ? TicketKeys.read(config.sessionTickets().keyFile()) : TicketKeys.random();
            tickets = new TicketKeyRing(ticketKeys);
            MemorySegment ticketKey = OpenSslLinker.upcall(OpenSslLinker.bound(lookup, this, "onTicketKey",
                    TICKET_KEY), TICKET_KEY, arena);
            LibSslContext.SSL_CTX_set_tlsext_ticket_key_evp_cb(context, ticketKey);
            LibSslContext.SSL_CTX_ctrl(context, LibSslContext.SSL_CTRL_SET_SESS_CACHE_MODE,
                    LibSslContext.SSL_SESS_CACHE_SERVER, MemorySegment.NULL);
            LibSslContext.SSL_CTX_ctrl(context, LibSslContext.SSL_CTRL_SET_SESS_CACHE_SIZE,
                    config.sessionResumption().cacheSize(), MemorySegment.NULL);
            LibSslContext.SSL_CTX_set_timeout(context, Math.max(1, config.sessionResumption().lifetime().toSeconds()));
        } else {
            LibSslContext.SSL_CTX_ctrl(context, LibSslContext.SSL_CTRL_SET_SESS_CACHE_MODE,
                    LibSslContext.SSL_SESS_CACHE_OFF, MemorySegment.NULL);
            LibSslContext.SSL_CTX_set_options(context, LibSslContext.SSL_OP_NO_TICKET);
            LibSslContext.SSL_CTX_set_num_tickets(context, 0);
        }
        MemorySegment servername = OpenSslLinker.upcall(OpenSslLinker.bound(lookup, this, "onServerName",
                SERVERNAME), SERVERNAME, arena);
        LibSslContext.SSL_CTX_callback_ctrl(context, LibSslContext.SSL_CTRL_SET_TLSEXT_SERVERNAME_CB, servername);
        OpenSslErrors.drain();
    }

    /**
     * What the listener's context and each certificate context share: the policy (versions, suites, security
     * level), the session id context and the ALPN callback, since a handshake switched by SNI reads them from
     * the context it was switched to.
     */
    private void configure(MemorySegment target) throws IOException {
        SslContexts.applyPolicy(target, policy, what);
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment id = scratch.allocate(sessionIdContext.length);
            id.copyFrom(MemorySegment.ofArray(sessionIdContext));
            LibSslContext.SSL_CTX_set_session_id_context(target, id, sessionIdContext.length);
        }
        if (!alpnCallback.equals(MemorySegment.NULL)) {
            LibSslContext.SSL_CTX_set_alpn_select_cb(target, alpnCallback, MemorySegment.NULL);
        }
        SslContexts.verifyClients(target, config.clientAuth(), what);
    }

    @Override
    public TlsListenerConfig config() {
        return config;
    }

    @Override
    public String engine() {
        return "openssl";
    }

    @Override
    public TlsStream handshake(StreamConnection client, ByteBuffer received, BufferPool receivedPool,
                               HandshakeSlot slot) throws IOException {
        try {
            if (!(client instanceof SocketAccess socket)) {
                client.abort();
                throw new IOException(what + ": the OpenSSL engine needs the native transport");
            }
            if (!connections.acquire()) {
                client.abort();
                throw new IOException(what + ": closed");
            }
            OpenSslConnection connection;
            try {
                connection = OpenSslConnection.accept(client, socket, context, received, what, ssl -> release());
            } catch (IOException | RuntimeException e) {
                release();
                client.abort();
                throw e;
            }
            try {
                connection.handshake(slot);
            } catch (IOException | RuntimeException e) {
                connection.abort();
                throw e;
            }
            (connection.resumed() ? resumed : full).increment();
            return connection;
        } finally {
            if (received != null) {
                receivedPool.release(received);
            }
        }
    }

    /** A connection's SSL was freed. */
    private void release() {
        if (connections.release()) {
            free();
        }
    }

    /** The servername callback: runs inside SSL_do_handshake, for every ClientHello, with or without SNI. */
    @SuppressWarnings("unused") // Called from OpenSSL through the upcall stub.
    private int onServerName(MemorySegment ssl, MemorySegment alert, MemorySegment argument) {
        try {
            String offered = OpenSslTexts.offeredServerName(ssl);
            String name = ServerNames.hostName(offered);
            if (name == null && offered != null) {
                REFUSED_NAMES.log(() -> what + ": SNI " + LogText.quoted(offered)
                        + " is not a host name; answered with the default certificate");
            }
            while (!certificates.switchTo(ssl, name, what)) {
                Thread.onSpinWait(); // A rotation is publishing the next generation.
            }
            return LibSslContext.SSL_TLSEXT_ERR_OK;
        } catch (Throwable e) {
            // Nothing may be thrown through a native frame: fail this handshake only.
            LOG.log(System.Logger.Level.ERROR, what + ": cannot choose a certificate: " + e);
            OpenSslLinker.bytes(alert, Integer.BYTES).set(ValueLayout.JAVA_INT, 0, INTERNAL_ERROR);
            return LibSslContext.SSL_TLSEXT_ERR_ALERT_FATAL;
        }
    }

    /**
     * The ticket key callback, on the listener's own context (tickets belong to it, whatever certificate a
     * handshake was switched to): the ring in use encrypts or decrypts. Returning 0 makes OpenSSL issue no ticket,
     * or treat the client's as unusable, so a failure here costs a full handshake and nothing else.
     */
    @SuppressWarnings("unused") // Called from OpenSSL through the upcall stub.
    private int onTicketKey(MemorySegment ssl, MemorySegment keyName, MemorySegment iv, MemorySegment cipherContext,
                            MemorySegment macContext, int encrypt) {
        try {
            TicketKeyRing ring;
            do {
                ring = tickets;
            } while (!ring.enter());
            try {
                return encrypt == 1 ? ring.encrypt(keyName, iv, cipherContext, macContext)
                        : ring.decrypt(keyName, iv, cipherContext, macContext);
            } finally {
                ring.exit();
            }
        } catch (Throwable e) {
            return TicketKeyRing.NONE;
        }
    }

    /**
     * The ALPN callback: the listener's first protocol that the client offers; a client that offers none of them gets
     * a no_application_protocol alert, as from the JDK engine.
     */
    @SuppressWarnings("unused") // Called from OpenSSL through the upcall stub.
    private int onAlpn(MemorySegment ssl, MemorySegment out, MemorySegment outLength, MemorySegment offered,
                       int offeredLength, MemorySegment argument) {
        try {
            int result = LibSslContext.SSL_select_next_proto(out, outLength, alpn, (int) alpn.byteSize(), offered,
                    offeredLength);
            return result == LibSslContext.OPENSSL_NPN_NEGOTIATED ? LibSslContext.SSL_TLSEXT_ERR_OK
                    : LibSslContext.SSL_TLSEXT_ERR_ALERT_FATAL;
        } catch (Throwable e) {
            return LibSslContext.SSL_TLSEXT_ERR_ALERT_FATAL; // Nothing may be thrown through a native frame.
        }
    }

    @Override
    public long fullHandshakes() {
        return full.sum();
    }

    @Override
    public long resumedHandshakes() {
        return resumed.sum();
    }

    @Override
    public CertificateSet certificates() {
        return certificates.certificates();
    }

    /** Rotates this process's own ticket keys when they are due; a key file is rotated by its owner instead. */
    @Override
    public synchronized void maintain() {
        TicketKeyRing ring = tickets;
        if (ring != null && config.sessionTickets().keyFile() == null
                && ring.age() >= config.sessionTickets().rotation().toNanos()) {
            replaceTickets(ticketKeys.rotated());
        }
    }

    private void replaceTickets(TicketKeys next) {
        TicketKeyRing previous = tickets;
        ticketKeys = next;
        tickets = new TicketKeyRing(next);
        previous.retire();
    }

    @Override
    public synchronized boolean reload() {
        if (tickets != null && config.sessionTickets().keyFile() != null) {
            try {
                replaceTickets(TicketKeys.read(config.sessionTickets().keyFile()));
                LOG.log(System.Logger.Level.INFO, what + ": ticket keys reloaded from " + config.sessionTickets().keyFile());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.ERROR, what + ": the ticket key file changed but cannot be used; "
                        + "keeping the current keys: " + e.getMessage());
            }
        }
        return reloadCertificates();
    }

    private boolean reloadCertificates() {
        CertificateContexts current = certificates;
        CertificateSet next = ListenerCertificates.reload(listener, current.certificates().generation() + 1, config);
        if (next == null) {
            return false;
        }
        CertificateContexts built;
        try {
            built = CertificateContexts.create(next, this::configure, what);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, what + ": certificate files changed but OpenSSL cannot use them; "
                    + "keeping the current certificates: " + e.getMessage());
            return false;
        }
        certificates = built;
        current.retire();
        ListenerCertificates.reloaded(listener, next);
        return true;
    }

    @Override
    public void close() {
        connections.close(() -> { }, this::free);
    }

    private void free() {
        CertificateContexts last = certificates;
        if (last != null) {
            last.retire();
        }
        TicketKeyRing ring = tickets;
        if (ring != null) {
            ring.retire();
        }
        LibSslContext.SSL_CTX_free(context);
        arena.close();
        OpenSslGauges.context(-1);
    }

    /** ALPN's wire format: each protocol preceded by its length in one byte. */
    private static MemorySegment wireFormat(Arena arena, List<String> protocols) {
        int size = 0;
        for (String protocol : protocols) {
            size += 1 + protocol.getBytes(StandardCharsets.US_ASCII).length;
        }
        MemorySegment wire = arena.allocate(Math.max(1, size));
        long at = 0;
        for (String protocol : protocols) {
            byte[] bytes = protocol.getBytes(StandardCharsets.US_ASCII);
            wire.set(ValueLayout.JAVA_BYTE, at++, (byte) bytes.length);
            MemorySegment.copy(bytes, 0, wire, ValueLayout.JAVA_BYTE, at, bytes.length);
            at += bytes.length;
        }
        return wire.asSlice(0, size);
    }

    /** Sessions resume only on the listener that made them: the session id context is its name's digest. */
    private static byte[] sessionIdContext(String listener) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(("weft listener " + listener)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
