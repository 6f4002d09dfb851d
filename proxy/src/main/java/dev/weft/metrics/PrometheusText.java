package dev.weft.metrics;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the Prometheus text exposition format (version 0.0.4): one {@code # HELP} and {@code # TYPE} per metric
 * family, then its samples. Families are written as they are first met; label values are escaped.
 */
public final class PrometheusText {
    private final StringBuilder out = new StringBuilder();
    private final Map<String, Boolean> declared = new LinkedHashMap<>();

    /** A counter or gauge sample. */
    public PrometheusText sample(Sample sample) {
        declare(sample.name(), sample.type(), sample.help());
        out.append(sample.key()).append(' ').append(sample.value()).append('\n');
        return this;
    }

    /** A sample whose value is not a whole number, such as seconds of CPU. */
    public PrometheusText sample(String name, String type, String help, double value, String... labels) {
        declare(name, type, help);
        out.append(name);
        labels(labels, null, null);
        out.append(' ').append(number(value)).append('\n');
        return this;
    }

    /** A histogram in seconds: cumulative buckets, +Inf, sum and count. */
    public PrometheusText histogram(String name, String help, LatencyHistogram.Snapshot snapshot, String... labels) {
        declare(name, "histogram", help);
        for (int i = 0; i < LatencyHistogram.BOUNDS.length; i++) {
            out.append(name).append("_bucket");
            labels(labels, "le", number(LatencyHistogram.BOUNDS[i]));
            out.append(' ').append(snapshot.cumulative()[i]).append('\n');
        }
        out.append(name).append("_bucket");
        labels(labels, "le", "+Inf");
        out.append(' ').append(snapshot.count()).append('\n');
        out.append(name).append("_sum");
        labels(labels, null, null);
        out.append(' ').append(number(snapshot.sumSeconds())).append('\n');
        out.append(name).append("_count");
        labels(labels, null, null);
        out.append(' ').append(snapshot.count()).append('\n');
        return this;
    }

    private void declare(String name, String type, String help) {
        if (declared.putIfAbsent(name, Boolean.TRUE) == null) {
            out.append("# HELP ").append(name).append(' ').append(help).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        }
    }

    private void labels(String[] labels, String extraName, String extraValue) {
        if (labels.length == 0 && extraName == null) {
            return;
        }
        out.append('{');
        for (int i = 0; i + 1 < labels.length; i += 2) {
            out.append(i == 0 ? "" : ",").append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
        }
        if (extraName != null) {
            out.append(labels.length == 0 ? "" : ",").append(extraName).append("=\"").append(extraValue).append('"');
        }
        out.append('}');
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%s", value);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
