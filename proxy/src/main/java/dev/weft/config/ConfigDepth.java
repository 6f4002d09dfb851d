package dev.weft.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Bounds how deeply a configuration nests, walking it with an explicit stack, so that nothing that reads it after
 * this check (the readers, the redacted rendering for {@code GET /config}) can overflow the stack on a hostile
 * file. Weft's own keys nest six levels at most; {@value #LIMIT} leaves room for any sane file.
 */
final class ConfigDepth {
    static final int LIMIT = 32;

    private ConfigDepth() {
    }

    private record Level(ConfigValue value, int depth, String path) {
    }

    static void check(ConfigObject root) throws InvalidConfigException {
        ArrayDeque<Level> pending = new ArrayDeque<>();
        pending.push(new Level(root, 0, ""));
        while (!pending.isEmpty()) {
            Level level = pending.pop();
            if (level.depth() > LIMIT) {
                throw new InvalidConfigException(List.of(new ConfigProblem(level.path(),
                        ConfigText.describe(level.value().origin()), "nested more than " + LIMIT
                        + " levels deep; no Weft setting nests like that")));
            }
            if (level.value() instanceof ConfigObject object) {
                object.forEach((key, value) -> pending.push(new Level(value, level.depth() + 1,
                        level.path().isEmpty() ? key : level.path() + "." + key)));
            } else if (level.value() instanceof ConfigList list) {
                for (int i = 0; i < list.size(); i++) {
                    pending.push(new Level(list.get(i), level.depth() + 1, level.path() + "." + i));
                }
            }
        }
    }
}
