package dev.weft.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.weft.log.LogText;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * A read-once view of one HOCON object. Every typed getter remembers the key it was asked for, so that after
 * the object has been read, {@link #rejectUnknownKeys()} can report each key nobody asked for and name the
 * nearest key that was. Problems are collected, not thrown, so that {@code weft check} reports all of them.
 */
final class ConfigNode {
    private final String path;
    private final ConfigObject object;
    private final ConfigOrigin origin;
    private final List<ConfigProblem> problems;
    private final Set<String> known = new LinkedHashSet<>();

    ConfigNode(String path, ConfigObject object, ConfigOrigin origin, List<ConfigProblem> problems) {
        this.path = path;
        this.object = object;
        this.origin = origin;
        this.problems = problems;
    }

    String path() {
        return path;
    }

    boolean has(String key) {
        known.add(key);
        return object != null && object.containsKey(key);
    }

    /**
     * A duration with a unit, at least {@code min}: {@link Duration#ZERO} where zero means "off", a floor such as
     * 100 ms where a shorter value would only burn CPU (a health-check interval of 1 ns).
     */
    Duration duration(String key, Duration fallback, Duration min) {
        ConfigValue value = value(key);
        if (value == null) {
            return fallback;
        }
        try {
            Duration d = object.toConfig().getDuration(ConfigUtil.joinPath(key));
            if (d.compareTo(min) < 0) {
                problem(key, "must be " + (min.isZero() ? "a non-negative duration" : "at least " + ConfigText.describe(min))
                        + ", such as " + ConfigText.describe(fallback) + ", not " + ConfigText.shown(value));
                return fallback;
            }
            return d;
        } catch (ConfigException e) {
            problem(key, "must be a duration with a unit (ms, s, m, h), such as " + ConfigText.describe(fallback)
                    + ", not " + ConfigText.shown(value));
            return fallback;
        }
    }

    int integer(String key, int fallback, int min, int max) {
        return ranged(key, fallback, min, max, Config::getInt, "", "a whole number");
    }

    int bytes(String key, int fallback, int min, int max) {
        return ranged(key, fallback, min, max, Config::getBytes, " bytes", "a size such as 64KiB");
    }

    private int ranged(String key, int fallback, int min, int max, BiFunction<Config, String, Number> read,
                       String unit, String expected) {
        ConfigValue value = value(key);
        if (value == null) {
            return fallback;
        }
        if (value.unwrapped() instanceof Number number && !ConfigText.whole(number.doubleValue())) {
            problem(key, "must be " + expected + ", not " + ConfigText.shown(value));
            return fallback;
        }
        if (value.valueType() == ConfigValueType.STRING && unit.isEmpty() && !ConfigText.whole(value.unwrapped().toString())) {
            problem(key, "must be " + expected + ", not " + ConfigText.shown(value));
            return fallback;
        }
        try {
            long n = read.apply(object.toConfig(), ConfigUtil.joinPath(key)).longValue();
            if (n < min || n > max) {
                problem(key, "must be between " + min + " and " + max + unit + ", not " + n);
                return fallback;
            }
            return (int) n;
        } catch (ConfigException e) {
            problem(key, "must be " + expected + ", not " + ConfigText.shown(value));
            return fallback;
        }
    }

    boolean bool(String key, boolean fallback) {
        ConfigValue value = value(key);
        if (value == null) {
            return fallback;
        }
        try {
            return object.toConfig().getBoolean(ConfigUtil.joinPath(key));
        } catch (ConfigException e) {
            problem(key, "must be true or false, not " + ConfigText.shown(value));
            return fallback;
        }
    }

    /** A string value; {@code fallback == null} makes the key required. */
    String string(String key, String fallback) {
        ConfigValue value = value(key);
        if (value == null) {
            if (fallback == null) {
                problem(key, "is required");
            }
            return fallback;
        }
        if (value.valueType() == ConfigValueType.OBJECT || value.valueType() == ConfigValueType.LIST
                || value.valueType() == ConfigValueType.NULL) {
            problem(key, "must be a string, not " + ConfigText.shown(value));
            return fallback;
        }
        return String.valueOf(value.unwrapped());
    }

    /**
     * {@code text}, the value of {@code key}, as a path; null, with a problem, for one no file system takes (a NUL
     * byte, above all, which would otherwise fail deep inside whatever opened it).
     */
    Path path(String key, String text) {
        if (text.indexOf('\0') >= 0) {
            problem(key, "must be a file path, and a path cannot hold a NUL byte: " + LogText.quoted(text));
            return null;
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            problem(key, "must be a file path: " + e.getMessage());
            return null;
        }
    }

    /** An optional path; null when absent or empty, or, with a problem, when it is no path at all. */
    Path path(String key) {
        String text = string(key, "");
        return text.isEmpty() ? null : path(key, text);
    }

    <E extends Enum<E>> E choice(String key, E fallback) {
        String text = string(key, Keyword.of(fallback));
        for (E constant : fallback.getDeclaringClass().getEnumConstants()) {
            if (Keyword.of(constant).equals(text)) {
                return constant;
            }
        }
        problem(key, "must be one of " + Arrays.stream(fallback.getDeclaringClass().getEnumConstants())
                .map(Keyword::of).collect(Collectors.joining(" | ")) + ", not '" + text + "'");
        return fallback;
    }

    /**
     * A required list of strings. A single comma-separated string is accepted too, because that is what a
     * {@code -Dweft...=a,b} override produces.
     */
    List<String> stringList(String key) {
        return stringList(key, true);
    }

    /** A list of strings as above; an absent optional key is an empty list. */
    List<String> stringList(String key, boolean required) {
        ConfigValue value = value(key);
        if (value == null) {
            if (required) {
                problem(key, "is required");
            }
            return List.of();
        }
        if (value.valueType() == ConfigValueType.STRING) {
            List<String> items = new ArrayList<>();
            for (String item : ((String) value.unwrapped()).split(",")) {
                if (!item.isBlank()) {
                    items.add(item.strip());
                }
            }
            return items;
        }
        try {
            return object.toConfig().getStringList(ConfigUtil.joinPath(key));
        } catch (ConfigException e) {
            problem(key, "must be a list of strings such as [\"127.0.0.1:9001\"], not " + ConfigText.shown(value));
            return List.of();
        }
    }

    /** A nested object; an absent key gives an empty node, so every default applies. */
    ConfigNode child(String key) {
        ConfigValue value = value(key);
        String childPath = pathOf(key);
        if (value == null) {
            return new ConfigNode(childPath, null, origin, problems);
        }
        if (value instanceof ConfigObject child) {
            return new ConfigNode(childPath, child, child.origin(), problems);
        }
        problem(key, "must be an object { ... }, not " + ConfigText.shown(value));
        return new ConfigNode(childPath, null, origin, problems);
    }

    /**
     * A list of objects, such as {@code certificates = [ { ... }, { ... } ]}. An object with keys 0, 1, ... counts
     * as a list too, because that is what {@code -Dweft...certificates.0.cert=...} overrides produce.
     */
    List<ConfigNode> objectList(String key) {
        ConfigValue value = value(key);
        List<ConfigNode> items = new ArrayList<>();
        if (value == null) {
            return items;
        }
        String listPath = pathOf(key);
        if (value instanceof ConfigList list) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof ConfigObject item) {
                    items.add(new ConfigNode(listPath + "." + i, item, item.origin(), problems));
                } else {
                    problem(key, "item " + i + " must be an object { ... }, not " + ConfigText.shown(list.get(i)));
                }
            }
            return items;
        }
        if (value instanceof ConfigObject indexed && indexed.keySet().stream().allMatch(k -> k.matches("\\d+"))) {
            indexed.keySet().stream().sorted(Comparator.comparingInt(Integer::parseInt)).forEach(k -> {
                if (indexed.get(k) instanceof ConfigObject item) {
                    items.add(new ConfigNode(listPath + "." + k, item, item.origin(), problems));
                } else {
                    problem(key, "item " + k + " must be an object { ... }, not " + ConfigText.shown(indexed.get(k)));
                }
            });
            return items;
        }
        problem(key, "must be a list of objects [ { ... } ], not " + ConfigText.shown(value));
        return items;
    }

    /**
     * A list whose items are strings or objects, such as {@code endpoints = ["a:1", { address = "b:2", weight = 3 }]}:
     * each string item as a text, each object as a node; null for an absent key. A comma-separated string counts
     * as a list of strings, as in {@link #stringList}.
     */
    List<Object> mixedList(String key) {
        ConfigValue value = value(key);
        if (value == null) {
            return null;
        }
        if (value.valueType() == ConfigValueType.STRING) {
            return new ArrayList<>(stringList(key));
        }
        List<Object> items = new ArrayList<>();
        List<ConfigValue> list;
        if (value instanceof ConfigList configList) {
            list = configList;
        } else if (value instanceof ConfigObject indexed && indexed.keySet().stream().allMatch(k -> k.matches("\\d+"))) {
            // What -Dweft...endpoints.0=... overrides produce: an object with keys 0, 1, ...
            list = indexed.keySet().stream().sorted(Comparator.comparingInt(Integer::parseInt)).map(indexed::get)
                    .toList();
        } else {
            problem(key, "must be a list, not " + ConfigText.shown(value));
            return items;
        }
        for (int i = 0; i < list.size(); i++) {
            ConfigValue item = list.get(i);
            if (item instanceof ConfigObject object) {
                items.add(new ConfigNode(pathOf(key) + "." + i, object, object.origin(), problems));
            } else if (item.valueType() == ConfigValueType.STRING || item.valueType() == ConfigValueType.NUMBER) {
                items.add(String.valueOf(item.unwrapped()));
            } else {
                problem(key, "item " + i + " must be a string or an object, not " + ConfigText.shown(item));
            }
        }
        return items;
    }

    /** A number such as 0.5, between {@code min} and {@code max}. */
    double decimal(String key, double fallback, double min, double max) {
        ConfigValue value = value(key);
        if (value == null) {
            return fallback;
        }
        try {
            double d = object.toConfig().getDouble(ConfigUtil.joinPath(key));
            if (!(d >= min && d <= max)) { // NaN too
                problem(key, "must be between " + min + " and " + max + ", not " + d);
                return fallback;
            }
            return d;
        } catch (ConfigException e) {
            problem(key, "must be a number such as 0.5, not " + ConfigText.shown(value));
            return fallback;
        }
    }

    /** A map of user-chosen keys to strings, such as {@code routes { "api.example.com" = api }}, in file order. */
    Map<String, String> stringMap(String key) {
        ConfigValue value = value(key);
        Map<String, String> map = new LinkedHashMap<>();
        if (value == null) {
            return map;
        }
        if (!(value instanceof ConfigObject object)) {
            problem(key, "must be an object { name = value }, not " + ConfigText.shown(value));
            return map;
        }
        for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
            ConfigValueType type = entry.getValue().valueType();
            if (type == ConfigValueType.OBJECT || type == ConfigValueType.LIST || type == ConfigValueType.NULL) {
                problem(key, "value of '" + entry.getKey() + "' must be a string, not " + ConfigText.shown(entry.getValue()));
            } else {
                map.put(entry.getKey(), String.valueOf(entry.getValue().unwrapped()));
            }
        }
        return map;
    }

    /** A map of user-chosen names to objects, such as {@code listeners { web { ... } }}. */
    Map<String, ConfigNode> namedChildren(String key) {
        ConfigNode map = child(key);
        Map<String, ConfigNode> children = new LinkedHashMap<>();
        if (map.object != null) {
            for (String name : map.object.keySet()) {
                children.put(name, map.child(name));
            }
        }
        return children;
    }

    /** Reports every key in this object that no getter asked for, naming the nearest one that was. */
    void rejectUnknownKeys() {
        if (object == null) {
            return;
        }
        for (String key : object.keySet()) {
            if (!known.contains(key)) {
                problem(key, "unknown key; did you mean '" + NearestKey.among(key, known) + "'? Valid keys here: "
                        + String.join(", ", known));
            }
        }
    }

    void problem(String key, String message) {
        ConfigValue value = object == null ? null : object.get(key);
        ConfigOrigin where = value != null ? value.origin() : origin;
        problems.add(new ConfigProblem(pathOf(key), ConfigText.describe(where), message));
    }

    private String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private ConfigValue value(String key) {
        known.add(key);
        if (object == null) {
            return null;
        }
        ConfigValue value = object.get(key);
        return value == null || value.valueType() == ConfigValueType.NULL ? null : value;
    }
}
