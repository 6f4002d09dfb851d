package dev.weft.perf;

/** Bad command-line arguments: the caller prints the message and the usage, and exits 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
