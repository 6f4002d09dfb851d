package dev.weft.config;

import java.nio.file.Path;

/**
 * {@code weft.access-log}: one record per closed connection.
 *
 * @param path       the file to append to; null for standard output
 * @param json       JSON lines rather than text
 * @param sampleRate the share of connections logged, 0 to 1
 */
public record AccessLogConfig(boolean enabled, Path path, boolean json, double sampleRate) {
}
