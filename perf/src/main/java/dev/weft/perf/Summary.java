package dev.weft.perf;

import java.util.Map;
import java.util.StringJoiner;

/** The human-readable line for a result. */
final class Summary {
    private Summary() {
    }

    static String line(ScenarioResult result) {
        StringJoiner line = new StringJoiner("  ", result.scenario() + " via " + result.target() + ":  ", "");
        for (Map.Entry<String, Double> figure : result.figures().entrySet()) {
            line.add(figure.getKey() + " " + Report.format(figure.getValue()));
        }
        return line.toString();
    }
}
