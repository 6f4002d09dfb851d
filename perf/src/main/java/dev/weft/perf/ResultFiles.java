package dev.weft.perf;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes results for machines: JSON, and HdrHistogram percentile distributions ({@code .hgrm}, microseconds). */
final class ResultFiles {
    private ResultFiles() {
    }

    static void writeJson(Path file, Map<String, String> context, List<ScenarioResult> results) throws IOException {
        StringBuilder json = new StringBuilder("{\n  \"context\": {");
        String separator = "";
        for (Map.Entry<String, String> entry : context.entrySet()) {
            json.append(separator).append("\n    ").append(quote(entry.getKey())).append(": ")
                    .append(quote(entry.getValue()));
            separator = ",";
        }
        json.append("\n  },\n  \"results\": [");
        separator = "";
        for (ScenarioResult result : results) {
            json.append(separator).append("\n    {\"scenario\": ").append(quote(result.scenario()))
                    .append(", \"target\": ").append(quote(result.target())).append(", \"figures\": {");
            String inner = "";
            for (Map.Entry<String, Double> figure : result.figures().entrySet()) {
                json.append(inner).append(quote(figure.getKey())).append(": ").append(number(figure.getValue()));
                inner = ", ";
            }
            json.append("}}");
            separator = ",";
        }
        json.append("\n  ]\n}\n");
        createParent(file);
        Files.writeString(file, json);
    }

    /** One {@code <scenario>-<target>.hgrm} per result that has a latency histogram. */
    static void writeHistograms(Path dir, List<ScenarioResult> results) throws IOException {
        Files.createDirectories(dir);
        for (ScenarioResult result : results) {
            if (result.latency() != null) {
                Path file = dir.resolve(result.scenario() + "-" + result.target() + ".hgrm");
                try (PrintStream out = new PrintStream(Files.newOutputStream(file), true, StandardCharsets.UTF_8)) {
                    result.latency().outputPercentileDistribution(out, 1000.0);
                }
            }
        }
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "null";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.6g", value);
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
