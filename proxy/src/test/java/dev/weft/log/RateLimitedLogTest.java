package dev.weft.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {
    /** Keeps what would be logged. */
    private static final class Recorder implements System.Logger {
        final List<String> lines = new ArrayList<>();

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
            lines.add(level + " " + message);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(level + " " + format);
        }
    }

    @Test
    void aFloodIsOneLinePerIntervalWithACount() {
        Recorder recorder = new Recorder();
        AtomicLong now = new AtomicLong(1_000);
        RateLimitedLog log = new RateLimitedLog(recorder, System.Logger.Level.WARNING, 10_000_000_000L, now::get);
        List<Integer> built = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            log.log(message(built, "refused " + i));
        }
        assertEquals(List.of("WARNING refused 0"), recorder.lines);
        assertEquals(List.of(0), built, "held-back messages are never built");
        now.addAndGet(9_999_999_999L);
        log.log(message(built, "refused late"));
        assertEquals(1, recorder.lines.size());
        now.addAndGet(1);
        log.log(message(built, "refused again"));
        assertEquals(List.of("WARNING refused 0", "WARNING refused again (and 1000 more like it in the last 10 s)"),
                recorder.lines);
    }

    private static Supplier<String> message(List<Integer> built, String text) {
        return () -> {
            built.add(built.size());
            return text;
        };
    }
}
