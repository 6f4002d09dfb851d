package dev.weft.config;

import dev.weft.log.LogText;

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
        return text == null ? null : LogText.oneLine(text);
    }

    @Override
    public String toString() {
        return origin + ": " + path + ": " + message;
    }
}
