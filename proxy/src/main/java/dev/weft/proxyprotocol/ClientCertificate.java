package dev.weft.proxyprotocol;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * What a listener learned of a client's verified certificate, for the access log and a v2 PROXY header: its
 * subject (RFC 2253), its common name, its subject alternative names (DNS names, e-mail addresses, URIs and IP
 * addresses, as {@code type:value}) and its SHA-256 fingerprint in hex.
 */
public record ClientCertificate(String subject, String commonName, List<String> names, String sha256) {

    public static ClientCertificate of(X509Certificate certificate) {
        String subject = certificate.getSubjectX500Principal().getName();
        return new ClientCertificate(subject, commonName(subject), alternativeNames(certificate),
                fingerprint(certificate));
    }

    private static String commonName(String subject) {
        try {
            for (Rdn rdn : new LdapName(subject).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            // No parsable subject: no common name either.
        }
        return null;
    }

    private static List<String> alternativeNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            var entries = certificate.getSubjectAlternativeNames();
            if (entries != null) {
                for (List<?> entry : entries) {
                    String type = switch ((Integer) entry.get(0)) {
                        case 1 -> "email";
                        case 2 -> "DNS";
                        case 6 -> "URI";
                        case 7 -> "IP";
                        default -> null;
                    };
                    if (type != null && entry.get(1) instanceof String value) {
                        names.add(type + ":" + value);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // An unreadable extension: no names.
        }
        return List.copyOf(names);
    }

    private static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            return null;
        }
    }
}
