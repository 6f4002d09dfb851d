package dev.weft.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.testkit.LogCapture;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcceptBackoffTest {
    private final List<Long> pauses = new ArrayList<>();
    private final AcceptBackoff backoff = new AcceptBackoff("front", pause -> pauses.add(pause.toMillis()));

    @Test
    void repeatedAcceptFailuresPauseLongerEachTimeUpToASecondAndLogOnce() throws Exception {
        try (LogCapture log = LogCapture.attach()) {
            for (int i = 0; i < 11; i++) {
                backoff.failed(new IOException("Too many open files"));
            }
            assertEquals(List.of(5L, 10L, 20L, 40L, 80L, 160L, 320L, 640L, 1000L, 1000L, 1000L), pauses);
            assertEquals(1, log.count(line -> line.contains("Too many open files")), log.lines().toString());

            backoff.succeeded();
            assertEquals(1, log.count(line -> line.contains("accepting again after 11 failed attempt(s)")));
        }
    }

    @Test
    void aNewEpisodeStartsWithAShortPauseAndLogsAgain() throws Exception {
        try (LogCapture log = LogCapture.attach()) {
            backoff.failed(new IOException("Too many open files"));
            backoff.failed(new IOException("Too many open files"));
            backoff.succeeded();
            backoff.succeeded();
            backoff.failed(new IOException("Too many open files"));
            assertEquals(List.of(5L, 10L, 5L), pauses);
            assertEquals(2, log.count(line -> line.contains("accept failed")));
            assertEquals(1, log.count(line -> line.contains("accepting again")));
        }
    }
}
