package dev.weft.config;

/** How the access log writes a record: a line of text, or a JSON object per line. */
public enum LogFormat {
    TEXT, JSON
}
