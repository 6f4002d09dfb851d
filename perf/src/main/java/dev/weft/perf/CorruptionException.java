package dev.weft.perf;

import java.io.IOException;

/** The bytes that arrived are not the bytes that were sent: the target lost, reordered or changed data. */
final class CorruptionException extends IOException {
    CorruptionException(String message) {
        super(message);
    }
}
