package dev.weft.config;

import java.util.List;

/**
 * The SSL policy profiles, with the meaning the major cloud load balancers document for them. Each enables the
 * TLS 1.2-and-earlier suites listed here, by IANA name; TLS 1.3 suites are always on ({@link #TLS13_SUITES}).
 */
public enum TlsProfile {
    /** The broadest set, for old clients too: adds the CBC, RSA key exchange and 3DES suites. */
    COMPATIBLE(List.of(Suites.AEAD_ECDHE, Suites.CBC_ECDHE, Suites.RSA_KEY_EXCHANGE, Suites.TRIPLE_DES)),
    /** A wide set for modern clients: everything in COMPATIBLE except 3DES. */
    MODERN(List.of(Suites.AEAD_ECDHE, Suites.CBC_ECDHE, Suites.RSA_KEY_EXCHANGE)),
    /** For stricter compliance: forward-secret AEAD suites only, so TLS 1.2 and later. */
    RESTRICTED(List.of(Suites.AEAD_ECDHE)),
    /** Exactly the suites listed in {@code custom-features}. */
    CUSTOM(List.of());

    /** Always enabled: a TLS 1.3 handshake negotiates only these. */
    public static final List<String> TLS13_SUITES = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256");

    private final List<String> suites;

    TlsProfile(List<List<String>> groups) {
        this.suites = groups.stream().flatMap(List::stream).toList();
    }

    /** The TLS 1.0–1.2 suites this profile enables, in preference order. Empty for CUSTOM. */
    public List<String> suites() {
        return suites;
    }

    /** Every suite a CUSTOM profile may name: those of COMPATIBLE. */
    public static List<String> features() {
        return COMPATIBLE.suites;
    }

    private static final class Suites {
        static final List<String> AEAD_ECDHE = List.of(
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
        static final List<String> CBC_ECDHE = List.of(
                "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
                "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA");
        static final List<String> RSA_KEY_EXCHANGE = List.of(
                "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_256_CBC_SHA");
        static final List<String> TRIPLE_DES = List.of("TLS_RSA_WITH_3DES_EDE_CBC_SHA");

        private Suites() {
        }
    }
}
