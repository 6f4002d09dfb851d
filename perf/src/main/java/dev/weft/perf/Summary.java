package dev.weft.perf;

import java.util.Map;
import java.util.StringJoiner;

/** The human-readable line for a result. */
final class Summary {
    private Summary() {
    }

    static String line(ScenarioResult result) {
        return line(result.scenario(), result.target(), result.figures());
    }

    static String line(String scenario, String target, Map<String, Double> figures) {
        StringJoiner line = new StringJoiner("  ", scenario + " via " + target + ":  ", "");
        for (Map.Entry<String, Double> figure : figures.entrySet()) {
            line.add(figure.getKey() + " " + Report.format(figure.getValue()));
        }
        return line.toString();
    }
}
