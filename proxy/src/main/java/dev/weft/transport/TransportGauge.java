package dev.weft.transport;

/**
 * One figure a transport reports about what it holds, exported as a Prometheus gauge.
 *
 * @param name  the metric name, {@code weft_pipes_in_use}
 * @param help  one line for the metric's HELP
 * @param value the current value
 */
public record TransportGauge(String name, String help, long value) {
}
