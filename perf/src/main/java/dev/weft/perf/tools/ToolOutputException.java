package dev.weft.perf.tools;

/** A tool ran but its output does not say what the parser needs: the message names the tool and what was missing. */
public final class ToolOutputException extends RuntimeException {
    public ToolOutputException(String message) {
        super(message);
    }
}
