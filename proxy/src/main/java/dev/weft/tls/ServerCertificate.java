package dev.weft.tls;

import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * A certificate chain with its key, and the names it serves: the DNS names of its subject alternative names, or
 * its common name when it has none (as browsers did before SAN was required).
 *
 * @param keyType the JSSE key type this certificate signs with: "RSA" or "EC"
 * @param source  where it came from, for log lines
 */
public record ServerCertificate(X509Certificate[] chain, PrivateKey key, String keyType, Set<String> names,
                                String source) {

    static ServerCertificate of(List<X509Certificate> chain, PrivateKey key, String source) {
        return new ServerCertificate(chain.toArray(X509Certificate[]::new), key, key.getAlgorithm().equals("EC")
                ? "EC" : key.getAlgorithm(), namesOf(chain.getFirst()), source);
    }

    public X509Certificate leaf() {
        return chain[0];
    }

    private static Set<String> namesOf(X509Certificate leaf) {
        Set<String> names = new LinkedHashSet<>();
        try {
            var alternatives = leaf.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> entry : alternatives) {
                    if ((Integer) entry.get(0) == 2) {
                        names.add(((String) entry.get(1)).toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // An unreadable SAN extension: fall back to the common name below.
        }
        if (names.isEmpty()) {
            try {
                for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
                    if (rdn.getType().equalsIgnoreCase("CN")) {
                        names.add(rdn.getValue().toString().toLowerCase(Locale.ROOT));
                    }
                }
            } catch (InvalidNameException e) {
                // No usable subject either: the certificate serves only as the default.
            }
        }
        return Set.copyOf(names);
    }
}
