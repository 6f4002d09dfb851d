package dev.weft.config;

import java.time.Duration;

/** {@code weft.backends.<name>.health-check}: an active TCP connect probe per endpoint. */
public record HealthCheckConfig(boolean enabled, Duration interval, Duration timeout, int healthyThreshold,
                                int unhealthyThreshold) {
}
