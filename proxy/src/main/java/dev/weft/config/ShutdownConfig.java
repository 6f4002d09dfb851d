package dev.weft.config;

import java.time.Duration;

/** {@code weft.shutdown}: how long open connections may run on after SIGTERM or SIGINT. */
public record ShutdownConfig(Duration drainTimeout) {
}
