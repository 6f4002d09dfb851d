package dev.weft.log;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Weft's log lines, on standard output: one line per record whatever it holds, in UTC with the zone
 * ({@code 2026-12-01T19:03:18.123Z INFO    weft.server: ...}), and, under systemd (which sets
 * {@code JOURNAL_STREAM} when standard output is the journal), with the {@code <N>} priority prefix journald reads,
 * so that {@code journalctl -p warning} works. A throwable is summed up on the same line, with the frame it was
 * thrown at, never as a multi-line stack trace. A {@code java.util.logging.config.file} of the user's own wins.
 */
public final class LogLines extends Formatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX")
            .withZone(ZoneOffset.UTC);

    private final boolean journal;

    LogLines(boolean journal) {
        this.journal = journal;
    }

    /** Replaces the root logger's handlers with one that writes these lines to {@code out}. */
    public static void install(PrintStream out) {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        Logger root = LogManager.getLogManager().getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        Handler handler = new StreamHandler(out, new LogLines(System.getenv("JOURNAL_STREAM") != null)) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush(); // A line is written when it happens, not when a buffer fills.
            }
        };
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
    }

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(128);
        Level level = record.getLevel();
        if (journal) {
            line.append('<').append(priority(level)).append('>');
        }
        line.append(TIME.format(Instant.ofEpochMilli(record.getMillis()))).append(' ');
        String name = name(level);
        line.append(name).append(" ".repeat(Math.max(1, 8 - name.length())));
        line.append(record.getLoggerName()).append(": ").append(LogText.oneLine(formatMessage(record)));
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            line.append(": ").append(LogText.oneLine(summary(thrown)));
        }
        return line.append(System.lineSeparator()).toString();
    }

    /** The throwable and its causes, and where the first was thrown. */
    private static String summary(Throwable thrown) {
        StringBuilder text = new StringBuilder(thrown.toString());
        StackTraceElement[] frames = thrown.getStackTrace();
        if (frames.length > 0) {
            text.append(" at ").append(frames[0]);
        }
        for (Throwable cause = thrown.getCause(); cause != null && cause != thrown; cause = cause.getCause()) {
            text.append("; caused by ").append(cause);
        }
        return text.toString();
    }

    private static String name(Level level) {
        int value = level.intValue();
        return value >= Level.SEVERE.intValue() ? "ERROR" : value >= Level.WARNING.intValue() ? "WARNING"
                : value >= Level.INFO.intValue() ? "INFO" : value >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
    }

    /** syslog priorities, as sd-daemon(3) has them: 3 err, 4 warning, 6 info, 7 debug. */
    private static int priority(Level level) {
        int value = level.intValue();
        return value >= Level.SEVERE.intValue() ? 3 : value >= Level.WARNING.intValue() ? 4
                : value >= Level.INFO.intValue() ? 6 : 7;
    }
}
