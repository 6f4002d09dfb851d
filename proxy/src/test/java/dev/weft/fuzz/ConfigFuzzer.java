package dev.weft.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.weft.config.ConfigLoader;
import dev.weft.config.ConfigProblem;
import dev.weft.config.InvalidConfigException;
import java.util.Properties;

/**
 * Jazzer target: the config loader. Whatever the text, it is a configuration or a list of problems, each one line
 * naming a key, never another exception (a stack overflow, a NullPointerException, a WrongType).
 */
public final class ConfigFuzzer {
    private static final Properties NONE = new Properties();

    private ConfigFuzzer() {
    }

    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        try {
            ConfigLoader.fromText(text, NONE);
        } catch (InvalidConfigException e) {
            for (ConfigProblem problem : e.problems()) {
                if (problem.toString().indexOf('\n') >= 0) {
                    throw new IllegalStateException("a problem of more than one line: " + problem);
                }
            }
        }
    }
}
