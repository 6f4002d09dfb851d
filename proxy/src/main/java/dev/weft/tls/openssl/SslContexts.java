package dev.weft.tls.openssl;

import dev.weft.config.ClientAuthConfig;
import dev.weft.config.TlsProfile;
import dev.weft.openssl.LibCrypto;
import dev.weft.openssl.LibSslContext;
import dev.weft.openssl.LibSslVerify;
import dev.weft.tls.ServerCertificate;
import dev.weft.tls.SslPolicy;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

/** Makes {@code SSL_CTX}s: new ones with Weft's fixed options, a policy's versions and suites, certificates. */
final class SslContexts {
    /** No renegotiation (HAProxy refuses it too), no compression, the server's suite order. */
    private static final long OPTIONS = LibSslContext.SSL_OP_NO_RENEGOTIATION | LibSslContext.SSL_OP_NO_COMPRESSION
            | LibSslContext.SSL_OP_CIPHER_SERVER_PREFERENCE
            // A peer that closes without close_notify ends the stream, as it does on the JDK engine: for a proxy
            // that is the end of the stream all the same, and the backend decides what a truncation means.
            | LibSslContext.SSL_OP_IGNORE_UNEXPECTED_EOF;
    /**
     * Partial writes: an SSL_write returns after each record, so a write that parks has not re-encrypted what is
     * left; moving buffers, since a retried write may come from another position of a pooled buffer; released
     * buffers, so that an idle connection holds no record buffers inside OpenSSL.
     */
    private static final long MODES = LibSslContext.SSL_MODE_ENABLE_PARTIAL_WRITE
            | LibSslContext.SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | LibSslContext.SSL_MODE_RELEASE_BUFFERS;
    private static final int SSL_CTRL_SET_READ_AHEAD = 41;
    /** Four records of 16 KiB with their headers and tags. */
    private static final long READ_BUFFER = 4 * (16_384 + 256);

    private SslContexts() {
    }

    /** A new context for {@code method} (server or client) with Weft's options; {@code what} names it in errors. */
    static MemorySegment create(MemorySegment method, String what) throws IOException {
        OpenSslErrors.clear();
        MemorySegment context = LibSslContext.SSL_CTX_new(method);
        if (context.equals(MemorySegment.NULL)) {
            throw new IOException(what + ": OpenSSL cannot make a context: " + OpenSslErrors.drainOr("no reason"));
        }
        LibSslContext.SSL_CTX_set_options(context, OPTIONS);
        LibSslContext.SSL_CTX_ctrl(context, LibSslContext.SSL_CTRL_MODE, MODES, MemorySegment.NULL);
        // Read a batch of records per read(2), not a 5-byte header and then its body: with a buffer of four
        // records, one read feeds four SSL_reads, and a stream moves in large writes to the other side. Released
        // buffers make it cost nothing while the connection is idle.
        LibSslContext.SSL_CTX_ctrl(context, SSL_CTRL_SET_READ_AHEAD, 1, MemorySegment.NULL);
        LibSslContext.SSL_CTX_set_default_read_buffer_len(context, READ_BUFFER);
        return context;
    }

    /** Enables exactly the policy's versions and suites. */
    static void applyPolicy(MemorySegment context, SslPolicy policy, String what) throws IOException {
        int min = Arrays.stream(policy.protocols()).mapToInt(SslContexts::version).min().orElseThrow();
        int max = Arrays.stream(policy.protocols()).mapToInt(SslContexts::version).max().orElseThrow();
        List<String> suites = Arrays.asList(policy.cipherSuites());
        String tls12 = CipherNames.cipherList(suites.stream().filter(s -> !TlsProfile.TLS13_SUITES.contains(s))
                .toList());
        String tls13 = String.join(":", suites.stream().filter(TlsProfile.TLS13_SUITES::contains).toList());
        // TLS 1.0 and 1.1 sign with SHA-1, which OpenSSL 3 allows only at security level 0.
        String level = min < LibSslContext.TLS1_2_VERSION ? ":@SECLEVEL=0" : "";
        try (Arena arena = Arena.ofConfined()) {
            OpenSslErrors.clear();
            LibSslContext.SSL_CTX_ctrl(context, LibSslContext.SSL_CTRL_SET_MIN_PROTO_VERSION, min, MemorySegment.NULL);
            LibSslContext.SSL_CTX_ctrl(context, LibSslContext.SSL_CTRL_SET_MAX_PROTO_VERSION, max, MemorySegment.NULL);
            if (LibSslContext.SSL_CTX_set_cipher_list(context, arena.allocateFrom(tls12.isEmpty()
                    ? "-ALL" + level : tls12 + level)) != 1 && !tls12.isEmpty()) {
                throw new IOException(what + ": OpenSSL accepts none of the suites " + tls12 + ": "
                        + OpenSslErrors.drainOr("no reason"));
            }
            if (LibSslContext.SSL_CTX_set_ciphersuites(context, arena.allocateFrom(tls13)) != 1) {
                throw new IOException(what + ": OpenSSL refuses the TLS 1.3 suites " + tls13 + ": "
                        + OpenSslErrors.drainOr("no reason"));
            }
            OpenSslErrors.drain();
        }
    }

    /**
     * Asks for client certificates and verifies them against {@code client-ca} (whose names are sent as the
     * acceptable authorities), within {@code verify-depth}, and against the CRL of the certificate's issuer when
     * a {@code crl} file is set.
     */
    static void verifyClients(MemorySegment context, ClientAuthConfig clientAuth, String what) throws IOException {
        if (clientAuth.mode() == ClientAuthConfig.Mode.NONE) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            OpenSslErrors.clear();
            MemorySegment ca = arena.allocateFrom(clientAuth.ca().toString());
            if (LibSslVerify.SSL_CTX_load_verify_locations(context, ca, MemorySegment.NULL) != 1) {
                throw new IOException(what + ": OpenSSL cannot read client-ca " + clientAuth.ca() + ": "
                        + OpenSslErrors.drainOr("no certificates"));
            }
            MemorySegment names = LibSslVerify.SSL_load_client_CA_file(ca);
            if (!names.equals(MemorySegment.NULL)) {
                LibSslVerify.SSL_CTX_set_client_CA_list(context, names);
            }
            if (clientAuth.crl() != null) {
                // OpenSSL loads certificates from that file as well, and would trust them.
                if (Files.readString(clientAuth.crl(), StandardCharsets.ISO_8859_1).contains("-----BEGIN CERTIFICATE")) {
                    throw new IOException(what + ": crl " + clientAuth.crl() + " holds certificates; it must hold "
                            + "only CRLs");
                }
                if (LibSslVerify.SSL_CTX_load_verify_locations(context, arena.allocateFrom(clientAuth.crl()
                        .toString()), MemorySegment.NULL) != 1) {
                    throw new IOException(what + ": OpenSSL cannot read crl " + clientAuth.crl() + ": "
                            + OpenSslErrors.drainOr("no CRL"));
                }
                LibCrypto.X509_STORE_set_flags(LibSslVerify.SSL_CTX_get_cert_store(context),
                        LibCrypto.X509_V_FLAG_CRL_CHECK);
            }
            OpenSslErrors.drain();
        }
        LibSslVerify.SSL_CTX_set_verify_depth(context, clientAuth.verifyDepth());
        LibSslVerify.SSL_CTX_set_verify(context, LibSslVerify.SSL_VERIFY_PEER
                | (clientAuth.mode() == ClientAuthConfig.Mode.REQUIRED ? LibSslVerify.SSL_VERIFY_FAIL_IF_NO_PEER_CERT
                : 0), MemorySegment.NULL);
    }

    private static int version(String jdkName) {
        return switch (jdkName) {
            case "TLSv1" -> LibSslContext.TLS1_VERSION;
            case "TLSv1.1" -> LibSslContext.TLS1_1_VERSION;
            case "TLSv1.2" -> LibSslContext.TLS1_2_VERSION;
            case "TLSv1.3" -> LibSslContext.TLS1_3_VERSION;
            default -> throw new IllegalArgumentException("TLS version " + jdkName);
        };
    }

    /**
     * Installs a certificate, its chain and its key. A context holds one certificate per key type, and OpenSSL
     * serves the one the client's signature algorithms allow.
     */
    static void install(MemorySegment context, ServerCertificate certificate) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            OpenSslErrors.clear();
            X509Certificate[] chain = certificate.chain();
            MemorySegment leaf = x509(arena, chain[0], certificate.source());
            int used = LibSslContext.SSL_CTX_use_certificate(context, leaf);
            LibCrypto.X509_free(leaf);
            if (used != 1) {
                throw new IOException(certificate.source() + ": OpenSSL refuses the certificate: "
                        + OpenSslErrors.drainOr("no reason"));
            }
            for (int i = 1; i < chain.length; i++) {
                MemorySegment intermediate = x509(arena, chain[i], certificate.source());
                // add0: the context owns it from here.
                if (LibSslContext.SSL_CTX_ctrl(context, LibSslContext.SSL_CTRL_CHAIN_CERT, 0, intermediate) != 1) {
                    LibCrypto.X509_free(intermediate);
                    throw new IOException(certificate.source() + ": OpenSSL refuses chain certificate " + i + ": "
                            + OpenSslErrors.drainOr("no reason"));
                }
            }
            MemorySegment key = privateKey(arena, certificate);
            int keyUsed = LibSslContext.SSL_CTX_use_PrivateKey(context, key);
            LibCrypto.EVP_PKEY_free(key);
            if (keyUsed != 1 || LibSslContext.SSL_CTX_check_private_key(context) != 1) {
                throw new IOException(certificate.source() + ": OpenSSL refuses the key: "
                        + OpenSslErrors.drainOr("it does not match the certificate"));
            }
            OpenSslErrors.drain();
        }
    }

    private static MemorySegment x509(Arena arena, X509Certificate certificate, String source) throws IOException {
        byte[] der;
        try {
            der = certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IOException(source + ": cannot encode the certificate: " + e.getMessage(), e);
        }
        MemorySegment x509 = LibCrypto.d2i_X509(MemorySegment.NULL, cursor(arena, der), der.length);
        if (x509.equals(MemorySegment.NULL)) {
            throw new IOException(source + ": OpenSSL cannot read the certificate: " + OpenSslErrors.drainOr("no reason"));
        }
        return x509;
    }

    private static MemorySegment privateKey(Arena arena, ServerCertificate certificate) throws IOException {
        byte[] pkcs8 = certificate.key().getEncoded();
        if (pkcs8 == null) {
            throw new IOException(certificate.source() + ": the key cannot be exported for OpenSSL");
        }
        MemorySegment data = arena.allocateFrom(ValueLayout.JAVA_BYTE, pkcs8);
        Arrays.fill(pkcs8, (byte) 0);
        MemorySegment key = LibCrypto.d2i_AutoPrivateKey(MemorySegment.NULL, pointerTo(arena, data), pkcs8.length);
        data.fill((byte) 0);
        if (key.equals(MemorySegment.NULL)) {
            throw new IOException(certificate.source() + ": OpenSSL cannot read the key: "
                    + OpenSslErrors.drainOr("no reason"));
        }
        return key;
    }

    /** A {@code const unsigned char **} to a copy of {@code bytes}, as the d2i functions take and advance. */
    private static MemorySegment cursor(Arena arena, byte[] bytes) {
        return pointerTo(arena, arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes));
    }

    private static MemorySegment pointerTo(Arena arena, MemorySegment data) {
        MemorySegment pointer = arena.allocate(ValueLayout.ADDRESS);
        pointer.set(ValueLayout.ADDRESS, 0, data);
        return pointer;
    }
}
