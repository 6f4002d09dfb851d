package dev.weft.server;

/** Weft could not start, for a reason the operator must fix, such as a port already in use. */
public final class StartupException extends Exception {
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
