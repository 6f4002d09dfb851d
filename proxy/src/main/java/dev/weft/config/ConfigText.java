package dev.weft.config;

import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.weft.log.LogText;
import java.time.Duration;

/** How problems quote values and places, and what counts as a whole number, for the config readers. */
final class ConfigText {
    private static final int MAX_SHOWN = 60;

    private ConfigText() {
    }

    /** A value as a message quotes it: short, on one line, and an object or list named, not dumped. */
    static String shown(ConfigValue value) {
        return switch (value.valueType()) {
            case OBJECT -> "an object { ... }";
            case LIST -> "a list [ ... ]";
            default -> {
                String text = value.valueType() == ConfigValueType.STRING ? (String) value.unwrapped()
                        : value.render();
                yield LogText.quoted(text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "..." : text);
            }
        };
    }

    /** A whole, finite number: 3 or 3.0, not 1.5, NaN or Infinity. */
    static boolean whole(double d) {
        return Double.isFinite(d) && d == Math.rint(d);
    }

    /** A -D override or a quoted number where a count belongs: digits, as "3" or "3.0"; not "1.5" or "NaN". */
    static boolean whole(String text) {
        return text.strip().matches("-?[0-9]+(\\.0*)?");
    }

    static String describe(ConfigOrigin origin) {
        if (origin == null) {
            return "built-in default";
        }
        if (origin.filename() != null && origin.lineNumber() > 0) {
            return origin.filename() + ":" + origin.lineNumber();
        }
        if (origin.description().startsWith("system properties")) {
            return "system property";
        }
        return origin.description();
    }

    static String describe(Duration d) {
        if (d.toMillis() % 3_600_000 == 0 && !d.isZero()) {
            return d.toHours() + "h";
        }
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + "s";
        }
        return d.toMillis() + "ms";
    }
}
