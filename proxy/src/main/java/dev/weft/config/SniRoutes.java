package dev.weft.config;

import java.time.Duration;
import java.util.Map;

/**
 * {@code routes} of a {@code tls-passthrough} listener.
 *
 * @param byName             server name patterns ({@code api.example.com} or {@code *.example.org}) to backend
 *                           names, in the file's order
 * @param defaultBackend     for a ClientHello without SNI or without a matching route; null closes those
 * @param clientHelloTimeout how long a client may take to send its whole ClientHello
 */
public record SniRoutes(Map<String, String> byName, String defaultBackend, Duration clientHelloTimeout) {
}
