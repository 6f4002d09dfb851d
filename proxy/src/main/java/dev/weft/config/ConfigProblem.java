package dev.weft.config;

/**
 * One thing wrong with a configuration: the key it is about, where that key was written, and what to do.
 *
 * @param path    full key path, such as {@code weft.backends.app.connect-timeout}
 * @param origin  where the value came from, such as {@code weft.conf:12} or {@code system property}
 * @param message what is wrong and how to fix it
 */
public record ConfigProblem(String path, String origin, String message) {

    /** One line whatever the file held: a key or a parser's message may quote a newline or a control byte. */
    public ConfigProblem {
        path = oneLine(path);
        origin = oneLine(origin);
        message = oneLine(message);
    }

    private static String oneLine(String text) {
        if (text == null || text.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
            return text;
        }
        StringBuilder line = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        line.append(String.format("\\x%02x", (int) c));
                    } else {
                        line.append(c);
                    }
                }
            }
        }
        return line.toString();
    }

    @Override
    public String toString() {
        return origin + ": " + path + ": " + message;
    }
}
