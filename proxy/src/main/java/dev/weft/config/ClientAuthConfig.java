package dev.weft.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A listener's verification of client certificates: {@code tls.client-auth}, {@code tls.client-ca},
 * {@code tls.crl} and {@code tls.verify-depth}.
 *
 * @param ca          the PEM bundle of authorities a client certificate must chain to; null with {@code NONE}
 * @param crl         revoked certificates, as a PEM file of CRLs; null for no revocation check
 * @param verifyDepth the most intermediate certificates allowed between a client certificate and its authority
 */
public record ClientAuthConfig(Mode mode, Path ca, Path crl, int verifyDepth) {
    public static final ClientAuthConfig NONE = new ClientAuthConfig(Mode.NONE, null, null, 9);

    public enum Mode {
        /** No certificate is asked for. */
        NONE,
        /** One is asked for; a client without one is served, one with an invalid one is refused. */
        OPTIONAL,
        /** A client without a valid certificate is refused. */
        REQUIRED
    }

    /** The files to watch for changes. */
    public List<Path> files() {
        List<Path> files = new ArrayList<>();
        if (ca != null) {
            files.add(ca);
        }
        if (crl != null) {
            files.add(crl);
        }
        return files;
    }
}
