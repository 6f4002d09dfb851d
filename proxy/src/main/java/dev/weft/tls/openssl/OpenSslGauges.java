package dev.weft.tls.openssl;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the OpenSSL engine holds natively, for {@code /metrics}: listeners' and backends' contexts not yet freed,
 * and connections' {@code SSL}s. Flat over time under a steady load, and back to zero when Weft serves no TLS: a
 * leak shows here first.
 */
public final class OpenSslGauges {
    private static final LongAdder CONTEXTS = new LongAdder();
    private static final LongAdder CONNECTIONS = new LongAdder();

    private OpenSslGauges() {
    }

    /** Listener and backend TLS set-ups (each an SSL_CTX with its certificate contexts) not yet freed. */
    public static long contexts() {
        return CONTEXTS.sum();
    }

    /** SSL objects of connections not yet freed. */
    public static long connections() {
        return CONNECTIONS.sum();
    }

    static void context(int delta) {
        CONTEXTS.add(delta);
    }

    static void connection(int delta) {
        CONNECTIONS.add(delta);
    }
}
