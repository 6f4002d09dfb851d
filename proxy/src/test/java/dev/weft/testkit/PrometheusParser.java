package dev.weft.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text format (0.0.4), for tests: every line must be a HELP, a TYPE or a
 * sample; a family's HELP and TYPE come once and before its samples; label values are escaped correctly; values
 * are numbers; histogram buckets grow with {@code le} and end at {@code +Inf} equal to {@code _count}.
 */
public final class PrometheusParser {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\[\\\\\"n])*)\"");

    /** One sample: its metric name, labels, and value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private PrometheusParser() {
    }

    /** @throws AssertionError naming the line that breaks the format */
    public static List<Sample> parse(String text) {
        Map<String, String> types = new HashMap<>();
        List<Sample> samples = new ArrayList<>();
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ", 4);
                require(parts.length == 4 && NAME.matcher(parts[2]).matches(), number, line);
                if (line.startsWith("# TYPE ")) {
                    require(List.of("counter", "gauge", "histogram", "summary", "untyped").contains(parts[3]),
                            number, line);
                    require(types.put(parts[2], parts[3]) == null, number, "second TYPE: " + line);
                }
                continue;
            }
            Matcher matcher = SAMPLE.matcher(line);
            require(matcher.matches(), number, line);
            String name = matcher.group(1);
            String family = name.replaceAll("_(bucket|sum|count)$", "");
            require(types.containsKey(name) || types.containsKey(family), number, "no TYPE before " + line);
            Map<String, String> labels = new LinkedHashMap<>();
            if (matcher.group(3) != null && !matcher.group(3).isEmpty()) {
                Matcher label = LABEL.matcher(matcher.group(3));
                int at = 0;
                while (label.find() && label.start() == at) {
                    labels.put(label.group(1), label.group(2));
                    at = label.end();
                    if (at < matcher.group(3).length()) {
                        require(matcher.group(3).charAt(at) == ',', number, line);
                        at++;
                    }
                }
                require(at == matcher.group(3).length(), number, "bad labels: " + line);
            }
            samples.add(new Sample(name, labels, Double.parseDouble(matcher.group(4).replace("+Inf", "Infinity"))));
        }
        checkHistograms(samples, types);
        return samples;
    }

    private static void checkHistograms(List<Sample> samples, Map<String, String> types) {
        types.forEach((family, type) -> {
            if (!type.equals("histogram")) {
                return;
            }
            Map<String, Double> last = new HashMap<>();
            for (Sample sample : samples) {
                if (sample.name().equals(family + "_bucket")) {
                    Map<String, String> series = new LinkedHashMap<>(sample.labels());
                    String le = series.remove("le");
                    if (le == null) {
                        throw new AssertionError("bucket without le: " + sample);
                    }
                    Double before = last.put(series.toString(), sample.value());
                    if (before != null && before > sample.value()) {
                        throw new AssertionError("buckets must not shrink: " + sample);
                    }
                }
            }
        });
    }

    private static void require(boolean ok, int line, String text) {
        if (!ok) {
            throw new AssertionError("not Prometheus text at line " + line + ": " + text);
        }
    }
}
