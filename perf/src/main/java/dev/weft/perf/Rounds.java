package dev.weft.perf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every figure of every round, by scenario and target, so that the report can give medians, the spread over the
 * rounds, and ratios taken within each round (both sides measured minutes apart at most), not ratios of medians.
 * Figures measured once (the system calls, from their own pass) are kept apart as {@link #single}.
 */
final class Rounds {
    static final String DIRECT = "direct";

    private final int count;
    private final Map<String, Map<String, List<Map<String, Double>>>> figures = new LinkedHashMap<>();
    private final Map<String, Map<String, Map<String, Double>>> single = new LinkedHashMap<>();
    private final Map<String, List<String>> commands = new LinkedHashMap<>();

    Rounds(int count) {
        this.count = count;
    }

    int count() {
        return count;
    }

    /** @param round 1 to {@link #count()} */
    void add(String scenario, String target, int round, Map<String, Double> values) {
        List<Map<String, Double>> byRound = figures.computeIfAbsent(scenario, k -> new LinkedHashMap<>())
                .computeIfAbsent(target, k -> {
                    List<Map<String, Double>> empty = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        empty.add(new LinkedHashMap<>());
                    }
                    return empty;
                });
        byRound.get(round - 1).putAll(values);
    }

    /** A figure measured once per scenario and target, outside the rounds. */
    void addSingle(String scenario, String target, Map<String, Double> values) {
        single.computeIfAbsent(scenario, k -> new LinkedHashMap<>()).computeIfAbsent(target,
                k -> new LinkedHashMap<>()).putAll(values);
    }

    /**
     * The command line of a scenario, for the report's "by hand" section: as it ran against the first Weft target
     * (the first target of any kind until one is seen), since the others differ only in the port.
     */
    void command(String scenario, String target, List<String> command) {
        String key = scenario + " via ";
        String existing = commands.keySet().stream().filter(k -> k.startsWith(key)).findFirst().orElse(null);
        if (existing == null || (target.startsWith("weft") && !existing.substring(key.length()).startsWith("weft"))) {
            if (existing != null) {
                commands.remove(existing);
            }
            commands.put(key + target, List.copyOf(command));
        }
    }

    Map<String, List<String>> commands() {
        return commands;
    }

    Set<String> scenarios() {
        Set<String> all = new java.util.LinkedHashSet<>(figures.keySet());
        all.addAll(single.keySet());
        return all;
    }

    /** The figure in each round, NaN where it is missing; or its one value if it was measured once. */
    List<Double> values(String scenario, String target, String figure) {
        Double once = single.getOrDefault(scenario, Map.of()).getOrDefault(target, Map.of()).get(figure);
        if (once != null) {
            return List.of(once);
        }
        List<Map<String, Double>> byRound = figures.getOrDefault(scenario, Map.of()).get(target);
        return byRound == null ? List.of()
                : byRound.stream().map(round -> round.getOrDefault(figure, Double.NaN)).toList();
    }

    Spread spread(String scenario, String target, String figure) {
        return Spread.of(values(scenario, target, figure));
    }

    /**
     * {@code target}'s figure over {@code peer}'s, round by round, or over the best of {@code peers} in each round
     * (the highest when more is better, else the lowest); a round where either is not above zero gives none.
     */
    Spread ratio(String scenario, String target, String figure, List<String> peers, boolean higherIsBetter) {
        return Spread.of(ratios(scenario, target, figure, peers, higherIsBetter));
    }

    /** The ratios of {@link #ratio} round by round, NaN for a round that gives none. */
    List<Double> ratios(String scenario, String target, String figure, List<String> peers, boolean higherIsBetter) {
        List<Double> mine = values(scenario, target, figure);
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < mine.size(); round++) {
            double best = Double.NaN;
            for (String peer : peers) {
                List<Double> theirs = values(scenario, peer, figure);
                double value = round < theirs.size() ? theirs.get(round) : Double.NaN;
                if (Double.isFinite(value) && (Double.isNaN(best) || (higherIsBetter ? value > best : value < best))) {
                    best = value;
                }
            }
            // A ratio of figures that are not both above zero says nothing: an added latency within the noise
            // can come out negative, and its ratio would be any number.
            double value = mine.get(round);
            ratios.add(value > 0 && best > 0 ? value / best : Double.NaN);
        }
        return ratios;
    }

    /**
     * Adds {@code added_<figure>}: each target's figure minus direct's of the same round, the latency the proxy
     * itself adds.
     */
    void addOverDirect(String scenario, String figure) {
        Map<String, List<Map<String, Double>>> targets = figures.get(scenario);
        if (targets == null || !targets.containsKey(DIRECT)) {
            return;
        }
        List<Map<String, Double>> direct = targets.get(DIRECT);
        targets.forEach((target, byRound) -> {
            for (int round = 0; round < byRound.size(); round++) {
                Double base = direct.get(round).get(figure);
                Double value = byRound.get(round).get(figure);
                if (base != null && value != null) {
                    byRound.get(round).put("added_" + figure, value - base);
                }
            }
        });
    }

    /** Scenario, target, and per-round figures, for results.json. */
    Map<String, Map<String, List<Map<String, Double>>>> perRound() {
        return figures;
    }

    Map<String, Map<String, Map<String, Double>>> once() {
        return single;
    }
}
