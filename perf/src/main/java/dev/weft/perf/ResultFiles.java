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
        StringBuilder json = new StringBuilder("{\n  \"context\": ").append(context(context))
                .append(",\n  \"results\": [");
        String separator = "";
        for (ScenarioResult result : results) {
            json.append(separator).append("\n    {\"scenario\": ").append(quote(result.scenario()))
                    .append(", \"target\": ").append(quote(result.target())).append(", \"figures\": ")
                    .append(object(result.figures())).append('}');
            separator = ",";
        }
        json.append("\n  ]\n}\n");
        createParent(file);
        Files.writeString(file, json);
    }

    /**
     * A comparison's {@code results.json}: what ran where, the notes, the commands, and for every scenario and target each
     * round's figures, the figures measured once (system calls), and the per-round ratios to HAProxy and to the
     * best peer with their median, lowest and highest.
     */
    static void writeComparison(Path file, Map<String, String> context, List<String> notes, Rounds rounds,
                                List<String> targets) throws IOException {
        StringBuilder json = new StringBuilder("{\n  \"context\": ").append(context(context))
                .append(",\n  \"notes\": [");
        String separator = "";
        for (String note : notes) {
            json.append(separator).append("\n    ").append(quote(note));
            separator = ",";
        }
        json.append("\n  ],\n  \"targets\": [");
        separator = "";
        for (String target : targets) {
            json.append(separator).append(quote(target));
            separator = ", ";
        }
        json.append("],\n  \"commands\": {");
        separator = "";
        for (Map.Entry<String, List<String>> command : rounds.commands().entrySet()) {
            json.append(separator).append("\n    ").append(quote(command.getKey())).append(": [");
            String inner = "";
            for (String word : command.getValue()) {
                json.append(inner).append(quote(word));
                inner = ", ";
            }
            json.append(']');
            separator = ",";
        }
        json.append("\n  },\n  \"results\": [");
        separator = "";
        for (String scenario : rounds.scenarios()) {
            for (String target : targets) {
                List<Map<String, Double>> byRound = rounds.perRound().getOrDefault(scenario, Map.of()).get(target);
                Map<String, Double> once = rounds.once().getOrDefault(scenario, Map.of()).get(target);
                if (byRound == null && once == null) {
                    continue;
                }
                json.append(separator).append("\n    {\"scenario\": ").append(quote(scenario))
                        .append(", \"target\": ").append(quote(target)).append(",\n     \"rounds\": [");
                String inner = "";
                for (Map<String, Double> round : byRound == null ? List.<Map<String, Double>>of() : byRound) {
                    json.append(inner).append(object(round));
                    inner = ", ";
                }
                json.append("],\n     \"once\": ").append(object(once == null ? Map.of() : once));
                json.append(",\n     \"ratios\": ").append(ratios(rounds, scenario, target)).append('}');
                separator = ",";
            }
        }
        json.append("\n  ]\n}\n");
        createParent(file);
        Files.writeString(file, json);
    }

    private static String context(Map<String, String> context) {
        StringBuilder json = new StringBuilder("{");
        String separator = "";
        for (Map.Entry<String, String> entry : context.entrySet()) {
            json.append(separator).append("\n    ").append(quote(entry.getKey())).append(": ")
                    .append(quote(entry.getValue()));
            separator = ",";
        }
        return json.append("\n  }").toString();
    }

    /** For a Weft target: each report row's per-round ratios, to HAProxy and to the best peer. */
    private static String ratios(Rounds rounds, String scenario, String target) {
        if (!target.startsWith("weft")) {
            return "{}";
        }
        StringBuilder json = new StringBuilder("{");
        String separator = "";
        for (Report.Row row : Report.ROWS) {
            if (!row.scenario().equals(scenario)) {
                continue;
            }
            for (String against : List.of(Report.BASELINE, "best_peer")) {
                Spread spread = rounds.ratio(scenario, target, row.figure(), against.equals(Report.BASELINE)
                        ? List.of(Report.BASELINE) : Report.PEERS, row.higherIsBetter());
                if (spread.present()) {
                    json.append(separator).append(quote(row.figure() + "/" + against)).append(": {\"median\": ")
                            .append(number(spread.median())).append(", \"min\": ").append(number(spread.min()))
                            .append(", \"max\": ").append(number(spread.max())).append(", \"rounds\": ")
                            .append(spread.rounds()).append('}');
                    separator = ", ";
                }
            }
        }
        return json.append('}').toString();
    }

    private static String object(Map<String, Double> figures) {
        StringBuilder json = new StringBuilder("{");
        String separator = "";
        for (Map.Entry<String, Double> figure : figures.entrySet()) {
            json.append(separator).append(quote(figure.getKey())).append(": ").append(number(figure.getValue()));
            separator = ", ";
        }
        return json.append('}').toString();
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
                : String.format(Locale.ROOT, "%.9g", value);
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
