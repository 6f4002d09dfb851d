package dev.weft.perf;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A comparison read back from its {@code results.json}, so that {@code weft perf report DIR} can write the report
 * and charts again (after a change to how they are drawn) without measuring anything again.
 *
 * @param targets in the order the run had them
 */
record ComparisonFile(Map<String, String> context, List<String> notes, Rounds rounds, List<String> targets) {
    private static final List<String> CONTEXT_ORDER = List.of("date", "commit", "command", "machine", "threads",
            "plan", "versions");

    static ComparisonFile read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("no comparison results at " + file);
        }
        Config json;
        try {
            json = ConfigFactory.parseFile(file.toFile());
        } catch (ConfigException e) {
            throw new UsageException(file + " is not a comparison's results.json: " + e.getMessage());
        }
        try {
            // JSON objects come back unordered: the header in the order a run writes it, the rest after.
            Map<String, String> context = new LinkedHashMap<>();
            Config written = json.getConfig("context");
            for (String key : CONTEXT_ORDER) {
                if (written.hasPath(key)) {
                    context.put(key, written.getString(key));
                }
            }
            json.getObject("context").forEach((key, value) -> context.putIfAbsent(key, value.unwrapped().toString()));
            List<? extends Config> results = json.getConfigList("results");
            int count = results.stream().mapToInt(r -> r.getConfigList("rounds").size()).max().orElse(1);
            Rounds rounds = new Rounds(Math.max(1, count));
            List<String> targets = new ArrayList<>();
            for (Config result : results) {
                String scenario = result.getString("scenario");
                String target = result.getString("target");
                if (!targets.contains(target)) {
                    targets.add(target);
                }
                List<? extends Config> byRound = result.getConfigList("rounds");
                for (int round = 0; round < byRound.size(); round++) {
                    rounds.add(scenario, target, round + 1, figures(byRound.get(round)));
                }
                Map<String, Double> once = figures(result.getConfig("once"));
                if (!once.isEmpty()) {
                    rounds.addSingle(scenario, target, once);
                }
            }
            if (json.hasPath("commands")) {
                Map<String, ConfigValue> commands = json.getObject("commands");
                for (String scenario : Scenarios.names()) {
                    commands.forEach((what, words) -> {
                        if (what.startsWith(scenario + " via ")) {
                            List<String> command = new ArrayList<>();
                            ((List<?>) words.unwrapped()).forEach(word -> command.add(word.toString()));
                            rounds.command(scenario, what.substring(scenario.length() + 5), command);
                        }
                    });
                }
            }
            if (json.hasPath("targets")) {
                targets = json.getStringList("targets");
            } else {
                // Written before the file kept the column order: the order a comparison lists its targets in.
                List<String> known = new ArrayList<>(ComparisonPlan.DEFAULT_TARGETS);
                known.addAll(ComparisonPlan.EXTRA_TARGETS);
                targets.sort(java.util.Comparator.comparingInt(known::indexOf));
            }
            return new ComparisonFile(context, json.getStringList("notes"), rounds, targets);
        } catch (ConfigException e) {
            throw new UsageException(file + " is not a comparison's results.json: " + e.getMessage());
        }
    }

    /** A round's figures; JSON null (a figure that was not a number) comes back as NaN. */
    private static Map<String, Double> figures(Config round) {
        Map<String, Double> figures = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> entry : round.root().entrySet()) {
            ConfigValue value = entry.getValue();
            figures.put(entry.getKey(), value.valueType() == ConfigValueType.NUMBER
                    ? ((Number) value.unwrapped()).doubleValue() : Double.NaN);
        }
        return figures;
    }
}
