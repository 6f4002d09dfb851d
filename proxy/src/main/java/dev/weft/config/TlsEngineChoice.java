package dev.weft.config;

import java.util.Locale;

/** {@code tls.engine} of a listener or a backend: which TLS implementation runs its handshakes and records. */
public enum TlsEngineChoice {
    /** OpenSSL where libssl.so.3 loads and the transport is native; the JDK's otherwise. */
    AUTO,
    /** OpenSSL 3 from the OS, through FFM, on the native socket itself. Needs the native transport. */
    OPENSSL,
    /** The JDK's SSLEngine: portable, on either transport. */
    JDK;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
