package dev.weft.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.testkit.LogCapture;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcceptBackoffTest {
    private static final IOException EMFILE = new IOException("accept4: Too many open files (EMFILE)");
    private final List<Long> pauses = new ArrayList<>();
    private long now;
    private final AcceptBackoff backoff = new AcceptBackoff("front", pause -> {
        pauses.add(pause.toMillis());
        now += pause.toNanos();
    }, () -> now);

    @Test
    void repeatedAcceptFailuresPauseLongerEachTimeUpToASecondAndLogOnce() throws Exception {
        try (LogCapture log = LogCapture.attach()) {
            for (int i = 0; i < 11; i++) {
                backoff.failed(EMFILE);
            }
            assertEquals(List.of(5L, 10L, 20L, 40L, 80L, 160L, 320L, 640L, 1000L, 1000L, 1000L), pauses);
            assertEquals(1, log.count(line -> line.contains("Too many open files")), log.lines().toString());

            now += AcceptBackoff.QUIET.toNanos();
            backoff.succeeded();
            assertEquals(1, log.count(line -> line.contains("accepting again after 11 failed attempt(s)")));
        }
    }

    @Test
    void acceptsThatSucceedAndFailByTurnsStayOneEpisodeWithShortPauses() throws Exception {
        try (LogCapture log = LogCapture.attach()) {
            for (int i = 0; i < 100; i++) {
                backoff.failed(EMFILE);
                backoff.succeeded();
            }
            assertEquals(100, pauses.size());
            assertEquals(List.of(5L), pauses.stream().distinct().toList(), "a success resets the pause");
            assertEquals(1, log.count(line -> line.contains("accept failed")), log.lines().toString());
            assertEquals(0, log.count(line -> line.contains("accepting again")));
        }
    }

    @Test
    void aNewEpisodeAfterAQuietPeriodLogsAgain() throws Exception {
        try (LogCapture log = LogCapture.attach()) {
            backoff.failed(EMFILE);
            backoff.failed(EMFILE);
            now += AcceptBackoff.QUIET.toNanos();
            backoff.succeeded();
            backoff.succeeded();
            backoff.failed(EMFILE);
            assertEquals(List.of(5L, 10L, 5L), pauses);
            assertEquals(2, log.count(line -> line.contains("accept failed")));
            assertEquals(1, log.count(line -> line.contains("accepting again")));
        }
    }
}
