package dev.weft.config;

import java.time.Duration;

/**
 * {@code tls.session-resumption}: TLS 1.3 tickets and the TLS 1.2 session cache.
 *
 * @param cacheSize sessions kept for TLS 1.2 resumption by session ID
 * @param lifetime  how long a session (and its tickets) can be resumed
 */
public record SessionResumptionConfig(boolean enabled, int cacheSize, Duration lifetime) {
}
