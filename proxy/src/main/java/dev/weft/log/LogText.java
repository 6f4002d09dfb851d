package dev.weft.log;

/**
 * Escaping for text that a client or a file chose (an SNI, a certificate subject, a config key) on its way into a
 * log line or a message. Every form is lossless and one line whatever the input:
 * <ul>
 *   <li>{@link #json}: a JSON string, escaped as RFC 8259 requires and further: every character outside printable
 *       ASCII is written {@code \}{@code uXXXX}, so the line is ASCII and no terminal escape reaches a reader.</li>
 *   <li>{@link #value}: a key=value value, bare when it is made of characters that need no quoting, else in double
 *       quotes with {@code \"}, {@code \\}, {@code \n}, {@code \r}, {@code \t} and {@code \xHH} (or
 *       {@code \}{@code uXXXX} above U+00FF) for the rest, as nginx escapes its variables.</li>
 *   <li>{@link #oneLine}: a message as it is, but for line breaks and control characters, escaped as in a value.</li>
 * </ul>
 */
public final class LogText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private enum Style { JSON, VALUE, ONE_LINE }

    private LogText() {
    }

    /** Appends {@code text} as a quoted JSON string. */
    public static StringBuilder json(StringBuilder out, CharSequence text) {
        return escape(out.append('"'), text, Style.JSON).append('"');
    }

    /** Appends {@code text} as a key=value value: bare if it can be, else quoted and escaped. */
    public static StringBuilder value(StringBuilder out, CharSequence text) {
        return bare(text) ? out.append(text) : escape(out.append('"'), text, Style.VALUE).append('"');
    }

    /** {@code text} as {@link #value} writes it, for a message such as "SNI \"a\\nb\" is not a host name". */
    public static String quoted(CharSequence text) {
        return value(new StringBuilder(text.length() + 2), text).toString();
    }

    /** {@code text} with its line breaks and control characters escaped, and nothing else changed. */
    public static String oneLine(String text) {
        if (text.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
            return text;
        }
        return escape(new StringBuilder(text.length() + 8), text, Style.ONE_LINE).toString();
    }

    private static StringBuilder escape(StringBuilder out, CharSequence text, Style style) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean quoting = style != Style.ONE_LINE;
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '"' -> out.append(quoting ? "\\\"" : "\"");
                case '\\' -> out.append(quoting ? "\\\\" : "\\");
                default -> {
                    boolean printable = c >= 0x20 && c <= 0x7e;
                    if (printable || (style == Style.ONE_LINE && c > 0x7f)) {
                        out.append(c);
                    } else if (style == Style.JSON || c > 0xff) {
                        out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf])
                                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    }
                }
            }
        }
        return out;
    }

    /**
     * A value is bare when it is not empty, is not "-" (which stands for no value), and holds only characters that
     * cannot end a pair or start a quote: letters, digits and {@code . _ : / @ , + - [ ] % * ?}.
     */
    private static boolean bare(CharSequence text) {
        if (text.isEmpty() || (text.length() == 1 && text.charAt(0) == '-')) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || ".-_:/@,+[]%*?".indexOf(c) >= 0;
            if (!plain) {
                return false;
            }
        }
        return true;
    }
}
