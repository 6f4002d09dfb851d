package dev.weft.config;

import java.time.Duration;

/**
 * {@code weft.shutdown}: what SIGTERM, SIGINT and {@code POST /drain} do.
 *
 * @param grace        how long {@code /healthz} fails while new connections are still accepted, for a balancer in
 *                     front to notice
 * @param drainTimeout then, how long open connections may run on
 */
public record ShutdownConfig(Duration grace, Duration drainTimeout) {
}
