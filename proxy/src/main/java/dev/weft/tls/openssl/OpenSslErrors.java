package dev.weft.tls.openssl;

import dev.weft.openssl.LibCrypto;
import dev.weft.openssl.OpenSslLinker;

/**
 * OpenSSL's error queue, which belongs to the OS thread: cleared before each call that may fail, and drained right
 * after it, before anything can park the virtual thread and let another one run on that carrier.
 */
final class OpenSslErrors {
    private OpenSslErrors() {
    }

    static void clear() {
        LibCrypto.ERR_clear_error();
    }

    /** Empties the queue; the first error's reason ("no shared cipher", "wrong version number"), or null. */
    static String drain() {
        long first = 0;
        long code;
        while ((code = LibCrypto.ERR_get_error()) != 0) {
            if (first == 0) {
                first = code;
            }
        }
        if (first == 0) {
            return null;
        }
        String reason = OpenSslLinker.string(LibCrypto.ERR_reason_error_string(first));
        return reason != null ? reason : "OpenSSL error 0x" + Long.toHexString(first);
    }

    /** The drained reason, or {@code fallback} when the queue was empty. */
    static String drainOr(String fallback) {
        String reason = drain();
        return reason != null ? reason : fallback;
    }
}
