package dev.weft.config;

/**
 * {@code weft.admin}: the HTTP port for {@code /metrics}, {@code /healthz}, {@code /config}, {@code /drain} and
 * {@code /reload}.
 */
public record AdminConfig(boolean enabled, HostPort bind) {
}
