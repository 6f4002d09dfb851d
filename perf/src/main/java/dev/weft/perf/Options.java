package dev.weft.perf;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} options and bare flags, checked against the names a command accepts. Every getter names the
 * option in its error, so a typo or a bad value is a usage error, never a stack trace.
 */
final class Options {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    /**
     * @param valued options that take a value
     * @param flags  options that stand alone
     */
    static Options parse(List<String> args, Set<String> valued, Set<String> flags) {
        Options options = new Options();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                options.positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (flags.contains(name) && value == null) {
                options.values.put(name, "true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                options.values.put(name, value);
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
        return options;
    }

    List<String> positional() {
        return positional;
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String required(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new UsageException("--" + name + " is required");
        }
        return value;
    }

    int integer(String name, int fallback, int min, int max) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw new UsageException("--" + name + " must be between " + min + " and " + max + ", not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, not '" + value + "'");
        }
    }

    /** A duration such as {@code 500ms}, {@code 10s}, {@code 2m}; a bare number is seconds. */
    Duration duration(String name, Duration fallback) {
        String value = values.get(name);
        return value == null ? fallback : parseDuration("--" + name, value);
    }

    static Duration parseDuration(String what, String value) {
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            if (value.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1))
                        * 1000));
            }
            if (value.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new UsageException(what + " must be a duration such as 500ms, 10s or 2m, not '" + value + "'");
        }
    }

    /** A size such as {@code 64}, {@code 16k}, {@code 1m} (binary units). */
    int size(String name, int fallback, int min, int max) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        String lower = value.toLowerCase(java.util.Locale.ROOT);
        int multiplier = lower.endsWith("k") ? 1024 : lower.endsWith("m") ? 1024 * 1024 : 1;
        try {
            long n = Long.parseLong(multiplier == 1 ? lower : lower.substring(0, lower.length() - 1)) * multiplier;
            if (n < min || n > max) {
                throw new UsageException("--" + name + " must be between " + min + " and " + max + " bytes, not "
                        + n);
            }
            return (int) n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a size such as 64, 16k or 1m, not '" + value + "'");
        }
    }

    /** {@code host:port}, IPv6 as {@code [::1]:port}. */
    InetSocketAddress address(String name) {
        return parseAddress("--" + name, required(name));
    }

    static InetSocketAddress parseAddress(String what, String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw new UsageException(what + " must be host:port, not '" + value + "'");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new UsageException(what + " has port " + port + "; ports run from 0 to 65535");
            }
            return new InetSocketAddress(host, port);
        } catch (NumberFormatException e) {
            throw new UsageException(what + " must be host:port, not '" + value + "'");
        }
    }
}
