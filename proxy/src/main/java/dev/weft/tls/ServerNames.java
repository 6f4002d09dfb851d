package dev.weft.tls;

import java.util.Locale;

/**
 * What a client may offer as SNI: a DNS host name (RFC 6066, section 3), in ASCII letters, digits and hyphens, in
 * labels of 1 to 63 characters that neither start nor end with a hyphen, 253 characters at most, and not an IP
 * literal, which the RFC forbids. One trailing dot is accepted and dropped: "example.com." is the same name, and
 * clients send it. Anything else (a newline, a quote, an ANSI escape, a NUL) is not routed on, not matched against
 * certificates and not forwarded; the caller treats the connection as one without SNI and logs the offer escaped.
 */
public final class ServerNames {
    private static final int LONGEST = 253;
    private static final int LONGEST_LABEL = 63;

    private ServerNames() {
    }

    /** The host name {@code offered} names, lower case and without a trailing dot; null if it is not one. */
    public static String hostName(String offered) {
        if (offered == null) {
            return null;
        }
        String name = offered.endsWith(".") ? offered.substring(0, offered.length() - 1) : offered;
        if (name.isEmpty() || name.length() > LONGEST) {
            return null;
        }
        int labelStart = 0;
        boolean numericLabel = true;
        boolean lastNumeric = false;
        for (int i = 0; i <= name.length(); i++) {
            char c = i < name.length() ? name.charAt(i) : '.';
            if (c == '.') {
                int length = i - labelStart;
                if (length == 0 || length > LONGEST_LABEL || name.charAt(labelStart) == '-'
                        || name.charAt(i - 1) == '-') {
                    return null;
                }
                labelStart = i + 1;
                lastNumeric = numericLabel;
                numericLabel = true;
                continue;
            }
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            boolean digit = c >= '0' && c <= '9';
            if (!letter && !digit && c != '-') {
                return null;
            }
            numericLabel &= digit;
        }
        // The last label all digits: a dotted-quad literal, or not a name any DNS zone could hold.
        return lastNumeric ? null : name.toLowerCase(Locale.ROOT);
    }
}
