package dev.weft.tls.openssl;

import dev.weft.openssl.LibSsl;
import dev.weft.openssl.LibSslContext;
import dev.weft.openssl.OpenSslLinker;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/** What a finished handshake settled, read from its {@code SSL} as Java strings. */
final class OpenSslTexts {
    private OpenSslTexts() {
    }

    static String serverName(MemorySegment ssl) {
        return OpenSslLinker.string(LibSsl.SSL_get_servername(ssl, LibSsl.TLSEXT_NAMETYPE_host_name));
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
