package dev.weft.config;

import java.util.Map;

/** The whole, validated configuration under the root key {@code weft}. Maps keep the file's order. */
public record WeftConfig(Map<String, ListenerConfig> listeners, Map<String, BackendConfig> backends,
                         ShutdownConfig shutdown, IoConfig io, ControlConfig control) {
}
