package dev.weft.config;

/** {@code weft.io.splice}: whether the native transport splices bulk transfers. */
public enum SpliceChoice {
    /** On with the native transport. */
    AUTO,
    ON,
    OFF
}
