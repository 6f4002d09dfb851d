package dev.weft.tls.openssl;

import dev.weft.openssl.LibCrypto;
import dev.weft.openssl.LibSsl;
import dev.weft.openssl.LibSslContext;
import dev.weft.openssl.LibSslVerify;
import dev.weft.openssl.OpenSslLinker;
import dev.weft.tls.ServerNames;
import java.io.ByteArrayInputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/** What a finished handshake settled, read from its {@code SSL} as Java strings. */
final class OpenSslTexts {
    private OpenSslTexts() {
    }

    /** The SNI host name, as {@link ServerNames#hostName} gives it; null for none or one that is not a name. */
    static String serverName(MemorySegment ssl) {
        return ServerNames.hostName(offeredServerName(ssl));
    }

    /** The SNI as the client sent it, one char per byte; whatever it holds. */
    static String offeredServerName(MemorySegment ssl) {
        MemorySegment name = LibSsl.SSL_get_servername(ssl, LibSsl.TLSEXT_NAMETYPE_host_name);
        // OpenSSL keeps it NUL-terminated and refuses one over 255 bytes (TLSEXT_MAXLEN_host_name).
        return name.equals(MemorySegment.NULL) ? null
                : OpenSslLinker.bytes(name, 256).getString(0, StandardCharsets.ISO_8859_1);
    }

    static String protocol(MemorySegment ssl) {
        return OpenSslLinker.string(LibSsl.SSL_get_version(ssl));
    }

    /** The IANA name, as the JDK gives it. */
    static String cipherSuite(MemorySegment ssl) {
        MemorySegment cipher = LibSsl.SSL_get_current_cipher(ssl);
        return cipher.equals(MemorySegment.NULL) ? null
                : OpenSslLinker.string(LibSslContext.SSL_CIPHER_standard_name(cipher));
    }

    /** The peer's certificate as the JDK's type, or null when it presented none. */
    static X509Certificate peerCertificate(MemorySegment ssl) throws CertificateException {
        MemorySegment x509 = LibSslVerify.SSL_get1_peer_certificate(ssl);
        if (x509.equals(MemorySegment.NULL)) {
            return null;
        }
        try (Arena arena = Arena.ofConfined()) {
            int length = LibCrypto.i2d_X509(x509, MemorySegment.NULL);
            if (length <= 0) {
                throw new CertificateException("OpenSSL cannot encode the peer's certificate");
            }
            MemorySegment der = arena.allocate(length);
            MemorySegment cursor = arena.allocate(ValueLayout.ADDRESS);
            cursor.set(ValueLayout.ADDRESS, 0, der);
            LibCrypto.i2d_X509(x509, cursor);
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(der.toArray(ValueLayout.JAVA_BYTE)));
        } finally {
            LibCrypto.X509_free(x509);
        }
    }

    static String applicationProtocol(MemorySegment ssl) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(ValueLayout.ADDRESS);
            MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
            LibSsl.SSL_get0_alpn_selected(ssl, data, length);
            int size = length.get(ValueLayout.JAVA_INT, 0);
            MemorySegment protocol = data.get(ValueLayout.ADDRESS, 0);
            if (size == 0 || protocol.equals(MemorySegment.NULL)) {
                return null;
            }
            return new String(OpenSslLinker.bytes(protocol, size).toArray(ValueLayout.JAVA_BYTE),
                    StandardCharsets.US_ASCII);
        }
    }
}
