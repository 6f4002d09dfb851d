package dev.weft.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's arguments: {@code --name value} or {@code --name=value} options, from a fixed set, and the words
 * that are not options, in order.
 */
final class CliOptions {
    private final Map<String, String> options;
    private final List<String> words;

    private CliOptions(Map<String, String> options, List<String> words) {
        this.options = options;
        this.words = words;
    }

    /** @param names the options the command takes, each with a value, such as {@code --pid} */
    static CliOptions parse(List<String> args, Set<String> names) {
        return parse(args, names, Set.of());
    }

    /** @param flags the options that take no value, such as {@code --json} */
    static CliOptions parse(List<String> args, Set<String> names, Set<String> flags) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                words.add(arg);
                continue;
            }
            if (flags.contains(arg)) {
                options.put(arg, "true");
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals > 0 ? arg.substring(0, equals) : arg;
            if (!names.contains(name)) {
                throw new UsageException("unexpected option '" + name + "'");
            }
            if (equals > 0) {
                options.put(name, arg.substring(equals + 1));
            } else if (i + 1 < args.size()) {
                options.put(name, args.get(++i));
            } else {
                throw new UsageException("missing value after " + name);
            }
        }
        return new CliOptions(options, words);
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    String get(String name) {
        return options.get(name);
    }

    List<String> words() {
        return words;
    }

    /** Fails unless there are no words besides the options. */
    CliOptions noWords() {
        if (!words.isEmpty()) {
            throw new UsageException("unexpected argument '" + words.getFirst() + "'");
        }
        return this;
    }

    long number(String name, long fallback) {
        String text = options.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " takes a number, not '" + text + "'");
        }
    }

    Path path(String name) {
        String text = options.get(name);
        if (text == null) {
            return null;
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new UsageException(name + ": not a file path: " + e.getMessage());
        }
    }

    /** The {@code --config} file, which the command needs. */
    Path configFile() {
        Path file = path("--config");
        if (file == null) {
            throw new UsageException("missing --config FILE");
        }
        return file;
    }
}
