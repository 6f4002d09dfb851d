package dev.weft.config;

import java.time.Duration;

/**
 * {@code weft.backends.<name>.health-check}: an active probe per endpoint, and passive ejection on failed client
 * connects.
 *
 * @param send                     bytes a {@code send-expect} probe writes; null otherwise
 * @param expect                   what the response must start with, for {@code send-expect}; null otherwise
 * @param port                     the port to probe instead of the endpoint's own; 0 for the endpoint's
 * @param ejectAfterFailures       consecutive failed client connects that eject an endpoint; 0 never ejects
 * @param ejection                 how long an ejected endpoint takes no new connections
 */
public record HealthCheckConfig(boolean enabled, Duration interval, Duration timeout, int healthyThreshold,
                                int unhealthyThreshold, HealthCheckType type, String send, String expect, int port,
                                int ejectAfterFailures, Duration ejection) {

    /** A TCP connect probe with these timings, no passive ejection: the defaults other than the timings. */
    public static HealthCheckConfig tcp(boolean enabled, Duration interval, Duration timeout, int healthyThreshold,
                                        int unhealthyThreshold) {
        return new HealthCheckConfig(enabled, interval, timeout, healthyThreshold, unhealthyThreshold,
                HealthCheckType.TCP, null, null, 0, 0, Duration.ofSeconds(30));
    }
}
