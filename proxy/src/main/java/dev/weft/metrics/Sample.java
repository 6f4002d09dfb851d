package dev.weft.metrics;

/**
 * One value of one metric: a counter (only grows) or a gauge, with its labels as alternating names and values.
 */
public record Sample(String name, String type, String help, long value, String... labels) {

    /** The metric as Prometheus names it in a sample line: {@code name{label="value",...}}. */
    public String key() {
        if (labels.length == 0) {
            return name;
        }
        StringBuilder key = new StringBuilder(name).append('{');
        for (int i = 0; i + 1 < labels.length; i += 2) {
            key.append(i == 0 ? "" : ",").append(labels[i]).append("=\"").append(PrometheusText.escape(labels[i + 1]))
                    .append('"');
        }
        return key.append('}').toString();
    }
}
