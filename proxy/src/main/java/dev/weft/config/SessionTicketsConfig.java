package dev.weft.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code tls.session-tickets} of a listener.
 *
 * @param keyFile  ticket keys shared with other processes (HAProxy's tls-ticket-keys format), or null for keys of
 *                 this process alone
 * @param rotation how often this process's own keys rotate, without a key file
 */
public record SessionTicketsConfig(Path keyFile, Duration rotation) {
}
