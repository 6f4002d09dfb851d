package dev.weft.tls.openssl;

import dev.weft.linux.CallGate;
import dev.weft.openssl.LibSsl;
import dev.weft.openssl.LibSslContext;
import dev.weft.tls.CertificateSet;
import dev.weft.tls.ServerCertificate;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One generation of a listener's certificates as OpenSSL contexts. A client's SNI selects, per key type, the
 * certificate {@link CertificateSet#select} picks (the same rules as the JDK engine); the certificates so chosen
 * are installed together in one {@code SSL_CTX}, so OpenSSL serves RSA or ECDSA by what the client can verify.
 * Contexts are keyed by that choice, not by the client's name, so there are at most as many as there are
 * combinations of the listener's own certificates, however many names clients send; each is built on first use.
 * <p>
 * A rotation retires the generation: a handshake switches to one of its contexts only through {@link #switchTo},
 * inside the gate, and SSL_set_SSL_CTX takes a reference, so the contexts are freed once no switch is in flight
 * and live on in the connections that use them.
 */
final class CertificateContexts {
    private final CertificateSet certificates;
    private final List<String> keyTypes;
    private final Setup setup;
    private final Map<List<Integer>, MemorySegment> contexts = new ConcurrentHashMap<>();
    private final CallGate gate = new CallGate();

    /**
     * What every context of the listener needs besides certificates. A handshake switched to one of these contexts
     * takes its security level, cipher list and ALPN callback from it, not from the listener's own.
     */
    interface Setup {
        void apply(MemorySegment context) throws IOException;
    }

    private CertificateContexts(CertificateSet certificates, Setup setup) {
        this.certificates = certificates;
        Set<String> types = new LinkedHashSet<>();
        for (ServerCertificate certificate : certificates.certificates()) {
            types.add(certificate.keyType());
        }
        this.keyTypes = List.copyOf(types);
        this.setup = setup;
    }

    /** Builds the default's context at once, so that a certificate OpenSSL refuses fails the start or rotation. */
    static CertificateContexts create(CertificateSet certificates, Setup setup, String what) throws IOException {
        CertificateContexts created = new CertificateContexts(certificates, setup);
        for (int i = 0; i < certificates.certificates().size(); i++) {
            created.build(List.of(i), what);
        }
        created.contextFor(null, what);
        return created;
    }

    CertificateSet certificates() {
        return certificates;
    }

    /** Switches {@code ssl} to the certificates for {@code serverName}; false if this generation was retired. */
    boolean switchTo(MemorySegment ssl, String serverName, String what) throws IOException {
        if (!gate.acquire()) {
            return false;
        }
        try {
            LibSsl.SSL_set_SSL_CTX(ssl, contextFor(serverName, what));
            return true;
        } finally {
            if (gate.release()) {
                freeAll();
            }
        }
    }

    private MemorySegment contextFor(String serverName, String what) throws IOException {
        List<Integer> chosen = new ArrayList<>(keyTypes.size());
        for (String keyType : keyTypes) {
            int index = certificates.select(serverName, keyType);
            if (index >= 0) {
                chosen.add(index);
            }
        }
        List<Integer> key = List.copyOf(chosen);
        MemorySegment context = contexts.get(key);
        return context != null ? context : build(key, what);
    }

    private MemorySegment build(List<Integer> chosen, String what) throws IOException {
        MemorySegment context = SslContexts.create(LibSslContext.TLS_server_method(), what);
        try {
            setup.apply(context);
            for (int index : chosen) {
                SslContexts.install(context, certificates.certificates().get(index));
            }
        } catch (IOException | RuntimeException e) {
            LibSslContext.SSL_CTX_free(context);
            throw e;
        }
        MemorySegment raced = contexts.putIfAbsent(chosen, context);
        if (raced != null) {
            LibSslContext.SSL_CTX_free(context);
            return raced;
        }
        return context;
    }

    /** No new switches; the contexts are freed (to the references connections hold) once none is in flight. */
    void retire() {
        gate.close(() -> { }, this::freeAll);
    }

    private void freeAll() {
        contexts.values().forEach(LibSslContext::SSL_CTX_free);
        contexts.clear();
    }
}
