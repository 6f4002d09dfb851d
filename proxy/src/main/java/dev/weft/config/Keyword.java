package dev.weft.config;

import java.util.Locale;

/** The spelling of an enum constant in a config file: {@code POWER_OF_TWO_CHOICES} is {@code power-of-two-choices}. */
public final class Keyword {
    private Keyword() {
    }

    public static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
