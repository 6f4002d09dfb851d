package dev.weft.tls;

import java.util.List;
import java.util.Locale;

/**
 * A listener's certificates, chosen by server name (SNI) and by the key types the client can verify. Exact names
 * win over wildcards; a wildcard covers one label ({@code *.example.com} covers {@code a.example.com}, not
 * {@code example.com} or {@code a.b.example.com}). Without SNI, or without a match, the first certificate's names
 * apply, so the first certificate is the default. Immutable: a rotation builds a new set.
 *
 * @param generation distinguishes the sets of one listener across rotations, so aliases stay unambiguous
 */
public record CertificateSet(long generation, List<ServerCertificate> certificates) {

    /** The index of the certificate to serve, or -1 when no certificate of {@code keyType} fits the name. */
    public int select(String serverName, String keyType) {
        String name = serverName == null ? null : serverName.toLowerCase(Locale.ROOT);
        if (name != null) {
            int exact = bestFor(name, keyType, false);
            if (exact != NO_NAME) {
                return exact;
            }
            int wildcard = bestFor(name, keyType, true);
            if (wildcard != NO_NAME) {
                return wildcard;
            }
        }
        // The default: the first certificate, or one for the same names with a key type the client supports.
        ServerCertificate first = certificates.getFirst();
        for (int i = 0; i < certificates.size(); i++) {
            ServerCertificate candidate = certificates.get(i);
            if (candidate.keyType().equals(keyType) && (i == 0 || candidate.names().equals(first.names()))) {
                return i;
            }
        }
        return -1;
    }

    private static final int NO_NAME = -2;

    /**
     * The first certificate for {@code name} with {@code keyType}; -1 if the name is served but only with other
     * key types (so the handshake can try the client's next key type); NO_NAME if no certificate serves it.
     */
    private int bestFor(String name, String keyType, boolean wildcard) {
        int result = NO_NAME;
        for (int i = 0; i < certificates.size(); i++) {
            ServerCertificate candidate = certificates.get(i);
            if (serves(candidate, name, wildcard)) {
                if (candidate.keyType().equals(keyType)) {
                    return i;
                }
                result = -1;
            }
        }
        return result;
    }

    private static boolean serves(ServerCertificate certificate, String name, boolean wildcard) {
        if (!wildcard) {
            return certificate.names().contains(name);
        }
        int dot = name.indexOf('.');
        return dot > 0 && certificate.names().contains("*" + name.substring(dot));
    }
}
