package dev.weft.control;

import dev.weft.log.LogText;

/**
 * The answer to one runtime command, in both of its forms: {@code text} for the control socket and
 * {@code bin/weft} (its first line starts with {@code OK} or {@code ERROR}), {@code json} for the admin port.
 */
public record Reply(boolean ok, String text, String json) {

    static Reply ok(String message) {
        return new Reply(true, "OK " + message, message(true, message));
    }

    static Reply error(String message) {
        return new Reply(false, "ERROR " + message, message(false, message));
    }

    /** An answer from the reloader, which already starts with OK or ERROR. */
    static Reply of(String answer) {
        boolean ok = answer.startsWith("OK");
        return new Reply(ok, answer, message(ok, answer.substring(ok ? 2 : 5).strip()));
    }

    private static String message(boolean ok, String message) {
        return "{\"ok\": " + ok + ", \"message\": " + LogText.json(new StringBuilder(), message) + "}";
    }
}
