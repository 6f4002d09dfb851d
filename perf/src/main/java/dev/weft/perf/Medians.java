package dev.weft.perf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Folds the rounds of a comparison into one result per scenario and target: the median of each figure over the
 * rounds, and one histogram holding every round's latencies.
 */
final class Medians {
    private Medians() {
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** @param rounds results of the same scenario and target from each round */
    static ScenarioResult fold(List<ScenarioResult> rounds) {
        ScenarioResult first = rounds.getFirst();
        Map<String, List<Double>> byFigure = new LinkedHashMap<>();
        Histogram merged = null;
        for (ScenarioResult round : rounds) {
            round.figures().forEach((name, value) -> byFigure.computeIfAbsent(name, k -> new ArrayList<>()).add(value));
            if (round.latency() != null) {
                if (merged == null) {
                    merged = ScenarioResult.newHistogram();
                }
                merged.add(round.latency());
            }
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        byFigure.forEach((name, values) -> medians.put(name, median(values)));
        return new ScenarioResult(first.scenario(), first.target(), medians, merged);
    }
}
