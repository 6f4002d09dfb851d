package dev.weft.config;

import java.util.Map;

/**
 * The whole, validated configuration under the root key {@code weft}. Maps keep the file's order.
 *
 * @param rendered the effective configuration (file and overrides, defaults not filled in) as JSON, with every
 *                 {@code password} replaced, for {@code GET /config}
 */
public record WeftConfig(Map<String, ListenerConfig> listeners, Map<String, BackendConfig> backends,
                         ShutdownConfig shutdown, IoConfig io, ControlConfig control, AdminConfig admin,
                         MetricsConfig metrics, AccessLogConfig accessLog, String rendered) {
}
