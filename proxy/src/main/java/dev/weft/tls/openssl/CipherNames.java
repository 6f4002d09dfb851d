package dev.weft.tls.openssl;

import dev.weft.openssl.LibCrypto;
import dev.weft.openssl.LibSslContext;
import dev.weft.openssl.OpenSslLinker;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Weft's policies name TLS 1.2 suites by their IANA names, as the JDK does; OpenSSL's cipher lists take its own
 * names. The mapping comes from OpenSSL itself (every suite it knows, with {@code SSL_CIPHER_standard_name}), so
 * it has no table to keep up to date.
 */
final class CipherNames {
    private static final Map<String, String> OPENSSL_BY_IANA = load();

    private CipherNames() {
    }

    /** The suites OpenSSL knows among {@code ianaNames}, in order, as an OpenSSL cipher list. */
    static String cipherList(List<String> ianaNames) {
        StringJoiner list = new StringJoiner(":");
        for (String name : ianaNames) {
            String openSsl = OPENSSL_BY_IANA.get(name);
            if (openSsl != null) {
                list.add(openSsl);
            }
        }
        return list.toString();
    }

    /** The suites among {@code ianaNames} that this OpenSSL was built without (3DES, on Debian's). */
    static List<String> missing(List<String> ianaNames) {
        return ianaNames.stream().filter(name -> !name.startsWith("TLS_AES_") && !name.startsWith("TLS_CHACHA20_")
                && !OPENSSL_BY_IANA.containsKey(name)).toList();
    }

    private static Map<String, String> load() {
        MemorySegment context = LibSslContext.SSL_CTX_new(LibSslContext.TLS_server_method());
        if (context.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("OpenSSL cannot make a context: " + OpenSslErrors.drain());
        }
        try (Arena arena = Arena.ofConfined()) {
            LibSslContext.SSL_CTX_set_cipher_list(context, arena.allocateFrom("ALL:COMPLEMENTOFALL:@SECLEVEL=0"));
            MemorySegment stack = LibSslContext.SSL_CTX_get_ciphers(context);
            Map<String, String> names = new HashMap<>();
            int count = LibCrypto.OPENSSL_sk_num(stack);
            for (int i = 0; i < count; i++) {
                MemorySegment cipher = LibCrypto.OPENSSL_sk_value(stack, i);
                String iana = OpenSslLinker.string(LibSslContext.SSL_CIPHER_standard_name(cipher));
                String own = OpenSslLinker.string(LibSslContext.SSL_CIPHER_get_name(cipher));
                if (iana != null && own != null) {
                    names.put(iana, own);
                }
            }
            return Map.copyOf(names);
        } finally {
            LibSslContext.SSL_CTX_free(context);
            OpenSslErrors.drain();
        }
    }
}
