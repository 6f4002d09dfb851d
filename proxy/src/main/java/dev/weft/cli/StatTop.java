package dev.weft.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code weft stat}'s top-like view: one row per listener and one per endpoint, with what is open now and what
 * moves per second, from the counters file's samples (named and labelled as on {@code /metrics}).
 */
final class StatTop {
    private static final Pattern KEY = Pattern.compile("([a-z0-9_]+)(?:\\{(.*)})?");
    private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private StatTop() {
    }

    /** A sample's name and labels, from its key. */
    private record Key(String name, Map<String, String> labels) {
        static Key of(String key) {
            Matcher matcher = KEY.matcher(key);
            if (!matcher.matches()) {
                return new Key(key, Map.of());
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (matcher.group(2) != null) {
                Matcher label = LABEL.matcher(matcher.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
                }
            }
            return new Key(matcher.group(1), labels);
        }
    }

    static void print(PrintStream out, Map<String, Long> values, Map<String, String> rates) {
        Map<String, Map<String, String>> listeners = new TreeMap<>();
        Map<String, Map<String, String>> endpoints = new TreeMap<>();
        values.forEach((sample, value) -> {
            Key key = Key.of(sample);
            String rate = rates.getOrDefault(sample, "-");
            String listener = key.labels().get("listener");
            if (key.name().startsWith("weft_listener_") && listener != null) {
                Map<String, String> row = listeners.computeIfAbsent(listener, l -> new LinkedHashMap<>());
                switch (key.name()) {
                    case "weft_listener_connections_active" -> row.put("active", Long.toString(value));
                    case "weft_listener_connections_accepted_total" -> row.put("conn/s", rate);
                    case "weft_listener_connections_refused_total" -> row.put("refused/s", rate);
                    case "weft_listener_connections_limited_total" -> row.merge("limited/s", rate, StatTop::sum);
                    case "weft_listener_received_bytes_total" -> row.put("in B/s", rate);
                    case "weft_listener_sent_bytes_total" -> row.put("out B/s", rate);
                    default -> {
                        // Not in this view.
                    }
                }
            }
            String endpoint = key.labels().get("endpoint");
            if (key.name().startsWith("weft_endpoint_") && endpoint != null) {
                String name = key.labels().get("backend") + "/" + endpoint;
                Map<String, String> row = endpoints.computeIfAbsent(name, e -> new LinkedHashMap<>());
                switch (key.name()) {
                    case "weft_endpoint_state" -> {
                        if (value == 1) {
                            row.put("state", key.labels().get("state"));
                        }
                    }
                    case "weft_endpoint_health_up" -> row.put("health", value == 1 ? "up" : "down");
                    case "weft_endpoint_weight" -> row.put("weight", Long.toString(value));
                    case "weft_endpoint_connections_active" -> row.put("active", Long.toString(value));
                    case "weft_endpoint_connections_total" -> row.put("conn/s", rate);
                    case "weft_endpoint_connect_failures_total" -> row.put("fail/s", rate);
                    case "weft_endpoint_received_bytes_total" -> row.put("in B/s", rate);
                    case "weft_endpoint_sent_bytes_total" -> row.put("out B/s", rate);
                    default -> {
                        // Not in this view.
                    }
                }
            }
        });
        table(out, "listener", new String[] {"active", "conn/s", "refused/s", "limited/s", "in B/s", "out B/s"},
                listeners);
        table(out, "backend/endpoint", new String[] {"state", "health", "weight", "active", "conn/s", "fail/s",
                "in B/s", "out B/s"}, endpoints);
    }

    private static String sum(String a, String b) {
        try {
            return String.format("%.1f", Double.parseDouble(a) + Double.parseDouble(b));
        } catch (NumberFormatException e) {
            return a;
        }
    }

    private static void table(PrintStream out, String first, String[] columns, Map<String, Map<String, String>> rows) {
        int width = Math.max(first.length(), rows.keySet().stream().mapToInt(String::length).max().orElse(0));
        StringBuilder header = new StringBuilder(String.format("%-" + width + "s", first));
        for (String column : columns) {
            header.append(String.format(" %12s", column));
        }
        out.println();
        out.println(header);
        rows.forEach((name, row) -> {
            StringBuilder line = new StringBuilder(String.format("%-" + width + "s", name));
            for (String column : columns) {
                line.append(String.format(" %12s", row.getOrDefault(column, "-")));
            }
            out.println(line);
        });
    }
}
