package dev.weft.cli;

/** The command line is wrong: the message says how, and the command's usage follows it. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
