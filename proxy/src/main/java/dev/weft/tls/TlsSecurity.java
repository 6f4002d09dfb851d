package dev.weft.tls;

import java.security.Security;

/**
 * Process-wide JSSE settings. Client-initiated renegotiation is refused, and session resumption uses the
 * server's session cache rather than stateless tickets. The JDK disables TLS 1.0 and 1.1, 3DES and the RSA key exchange suites for every
 * socket of the process, but an SSL policy with {@code profile = COMPATIBLE, min-version = TLSv1.0} must be able
 * to accept them: so Weft lifts those global bans once, before the first TLS context exists, and every engine it
 * creates enables exactly the versions and suites of its policy instead. Everything else the JDK disables (SSLv3,
 * RC4, DES, NULL and anonymous suites, weak keys) stays disabled.
 */
public final class TlsSecurity {
    private static final String DISABLED = "SSLv3, DTLSv1.0, RC4, DES, MD5withRSA, DH keySize < 1024, "
            + "EC keySize < 224, anon, NULL, ECDH";

    private TlsSecurity() {
    }

    /** Idempotent; must run before anything in the process creates an SSLContext, or it has no effect. */
    public static void configure() {
        // A client that renegotiates TLS 1.2 makes the server redo its most expensive work on demand; HAProxy
        // refuses it as well.
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
        // Resumption is stateful, from a bounded cache per listener. A stateless ticket names the certificate
        // only by checksum, and JSSE finds it again by asking the key manager for a certificate without the SNI
        // it was chosen for, which fails for every certificate but the default.
        System.setProperty("jdk.tls.server.enableSessionTicketExtension", "false");
        if (!DISABLED.equals(Security.getProperty("jdk.tls.disabledAlgorithms"))) {
            Security.setProperty("jdk.tls.disabledAlgorithms", DISABLED);
        }
    }
}
