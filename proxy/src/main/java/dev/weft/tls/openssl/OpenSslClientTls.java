package dev.weft.tls.openssl;

import dev.weft.config.BackendTlsConfig;
import dev.weft.config.TlsProfile;
import dev.weft.linux.CallGate;
import dev.weft.openssl.LibSslContext;
import dev.weft.openssl.LibSslVerify;
import dev.weft.openssl.OpenSslLinker;
import dev.weft.tls.CertificateLoader;
import dev.weft.tls.ClientTls;
import dev.weft.tls.HandshakeSlot;
import dev.weft.tls.SslPolicy;
import dev.weft.tls.TlsStream;
import dev.weft.transport.SocketAccess;
import dev.weft.transport.StreamConnection;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * TLS from Weft to one backend's endpoints on OpenSSL: one client {@code SSL_CTX} with the trust (the OS's
 * store, a CA file, or none), Weft's client certificate, TLS 1.3 and 1.2 with AEAD suites; per connection, SNI and
 * the name (or IP address) the certificate must match. Sessions resume per endpoint from {@link ClientSessions}.
 */
public final class OpenSslClientTls implements ClientTls {
    private static final System.Logger LOG = System.getLogger("weft.tls");
    private static final FunctionDescriptor NEW_SESSION = FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.ADDRESS);

    private final String what;
    private final BackendTlsConfig config;
    private final MemorySegment context;
    private final Arena arena = Arena.ofShared();
    private final ClientSessions sessions = new ClientSessions();
    private final CallGate connections = new CallGate();

    private OpenSslClientTls(String backend, BackendTlsConfig config, MemorySegment context) {
        this.what = "backend '" + backend + "'";
        this.config = config;
        this.context = context;
    }

    public static OpenSslClientTls create(String backend, BackendTlsConfig config) throws IOException {
        String what = "backend '" + backend + "'";
        MemorySegment context = SslContexts.create(LibSslContext.TLS_client_method(), what);
        OpenSslClientTls tls = new OpenSslClientTls(backend, config, context);
        OpenSslGauges.context(1);
        try {
            tls.setUp();
        } catch (IOException | RuntimeException e) {
            tls.free();
            throw e;
        }
        return tls;
    }

    private void setUp() throws IOException {
        List<String> suites = new ArrayList<>(TlsProfile.TLS13_SUITES);
        suites.addAll(TlsProfile.RESTRICTED.suites());
        SslContexts.applyPolicy(context, new SslPolicy(new String[] {"TLSv1.3", "TLSv1.2"},
                suites.toArray(String[]::new)), what);
        try (Arena scratch = Arena.ofConfined()) {
            OpenSslErrors.clear();
            switch (config.trust()) {
                case SYSTEM -> LibSslVerify.SSL_CTX_set_default_verify_paths(context);
                case FILE -> {
                    if (LibSslVerify.SSL_CTX_load_verify_locations(context,
                            scratch.allocateFrom(config.caFile().toString()), MemorySegment.NULL) != 1) {
                        throw new IOException(what + ": OpenSSL cannot read the trust file " + config.caFile()
                                + ": " + OpenSslErrors.drainOr("no certificates"));
                    }
                }
                case INSECURE -> {
                }
            }
            OpenSslErrors.drain();
        }
        LibSslVerify.SSL_CTX_set_verify(context, config.trust() == BackendTlsConfig.Trust.INSECURE
                ? LibSslVerify.SSL_VERIFY_NONE : LibSslVerify.SSL_VERIFY_PEER, MemorySegment.NULL);
        if (config.clientCert() != null) {
            SslContexts.install(context, CertificateLoader.load(config.clientCert(), warning ->
                    LOG.log(System.Logger.Level.WARNING, what + ": " + warning)));
        }
        // Sessions are kept by Weft, per endpoint, as OpenSSL reports them (a TLS 1.3 ticket comes after the
        // handshake); OpenSSL's own client cache is not keyed by endpoint.
        LibSslContext.SSL_CTX_ctrl(context, LibSslContext.SSL_CTRL_SET_SESS_CACHE_MODE,
                LibSslContext.SSL_SESS_CACHE_CLIENT | LibSslContext.SSL_SESS_CACHE_NO_INTERNAL_STORE,
                MemorySegment.NULL);
        MemorySegment onNewSession = OpenSslLinker.upcall(OpenSslLinker.bound(MethodHandles.lookup(), this,
                "onNewSession", NEW_SESSION), NEW_SESSION, arena);
        LibSslContext.SSL_CTX_sess_set_new_cb(context, onNewSession);
    }

    @Override
    public BackendTlsConfig config() {
        return config;
    }

    @Override
    public String engine() {
        return "openssl";
    }

    @Override
    public TlsStream connect(StreamConnection raw, InetSocketAddress endpoint) throws IOException {
        if (!(raw instanceof SocketAccess socket)) {
            raw.abort();
            throw new IOException(what + ": the OpenSSL engine needs the native transport");
        }
        if (!connections.acquire()) {
            raw.abort();
            throw new IOException(what + ": closed");
        }
        String host = ClientTls.serverName(config, endpoint);
        String key = endpoint.getHostString() + ":" + endpoint.getPort();
        OpenSslConnection connection;
        try {
            connection = OpenSslConnection.connect(raw, socket, context, host,
                    config.trust() != BackendTlsConfig.Trust.INSECURE, what, ssl -> {
                sessions.forget(ssl);
                release();
            });
        } catch (IOException | RuntimeException e) {
            release();
            raw.abort();
            throw e;
        }
        sessions.resume(connection.ssl(), key);
        try {
            connection.handshake(HandshakeSlot.UNBOUNDED);
        } catch (IOException | RuntimeException e) {
            connection.abort();
            throw e;
        }
        return connection;
    }

    /** OpenSSL made a session (at the handshake's end, or from a TLS 1.3 ticket): keep it for the endpoint. */
    @SuppressWarnings("unused") // Called from OpenSSL through the upcall stub.
    private int onNewSession(MemorySegment ssl, MemorySegment session) {
        try {
            return sessions.keep(ssl, session) ? 1 : 0;
        } catch (Throwable e) {
            return 0; // Nothing may be thrown through a native frame; without it, the next handshake is full.
        }
    }

    private void release() {
        if (connections.release()) {
            free();
        }
    }

    @Override
    public void close() {
        connections.close(() -> { }, this::free);
    }

    private void free() {
        sessions.freeAll();
        LibSslContext.SSL_CTX_free(context);
        arena.close();
        OpenSslGauges.context(-1);
    }
}
