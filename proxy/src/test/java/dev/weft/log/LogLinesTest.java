package dev.weft.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class LogLinesTest {
    private static LogRecord record(Level level, String message, Throwable thrown) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName("weft.test");
        record.setInstant(java.time.Instant.ofEpochMilli(1_764_615_798_123L));
        record.setThrown(thrown);
        return record;
    }

    @Test
    void aRecordIsOneLineInUtcWhateverItHolds() {
        String line = new LogLines(false).format(record(Level.WARNING, "two\nlines \u001b[31m",
                new IOException("outer", new IllegalStateException("inner"))));
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.startsWith("2025-12-01T19:03:18.123Z WARNING weft.test: two\\nlines \\x1b[31m: "
                + "java.io.IOException: outer at "), line);
        assertTrue(line.strip().endsWith("; caused by java.lang.IllegalStateException: inner"), line);
    }

    @Test
    void underSystemdEachLineCarriesItsJournalPriority() {
        LogLines journal = new LogLines(true);
        assertTrue(journal.format(record(Level.SEVERE, "x", null)).startsWith("<3>2025-"));
        assertTrue(journal.format(record(Level.WARNING, "x", null)).startsWith("<4>"));
        assertTrue(journal.format(record(Level.INFO, "x", null)).startsWith("<6>"));
        assertTrue(journal.format(record(Level.FINE, "x", null)).startsWith("<7>"));
        assertTrue(journal.format(record(Level.SEVERE, "x", null)).contains(" ERROR   weft.test: x"));
    }
}
