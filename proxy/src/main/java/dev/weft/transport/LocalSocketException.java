package dev.weft.transport;

import java.io.IOException;

/**
 * This host could not create a socket (typically EMFILE or ENFILE: the fd table is full). It is not the remote
 * endpoint's fault, so it must never count as a failed health check.
 */
public final class LocalSocketException extends IOException {
    public LocalSocketException(IOException cause) {
        super("cannot create a socket: " + cause.getMessage(), cause);
    }
}
