package dev.weft.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A full ring drops records and counts them; the connection threads that record never wait. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AccessLogRingTest {

    /** A writer stuck until released, as a full disk or a stopped pipe reader would be. */
    private static final class StuckWriter extends Writer {
        final CountDownLatch release = new CountDownLatch(1);
        final StringWriter written = new StringWriter();

        @Override
        public void write(char[] chars, int offset, int length) throws IOException {
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            written.write(chars, offset, length);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aFullRingDropsWithoutBlocking() throws Exception {
        StuckWriter out = new StuckWriter();
        AccessLog log = new AccessLog(out, 4096, false);
        AccessLog.Entry entry = new AccessLog.Entry(0, 1000, 1, "front", "127.0.0.1:7000", "127.0.0.1:1", "app",
                "default", "127.0.0.1:2", "127.0.0.1:40000", null, null, null, null, null, null,
                AccessLog.Timings.NONE, null, 1, 2, "--", "client FIN");
        for (int i = 0; i < 1000; i++) {
            log.record(entry);
        }
        // Every record() above returned while the writer is still stuck: recording never waited for it.
        assertEquals(1, out.release.getCount(), "the writer is still stuck");
        long dropped = log.dropped();
        assertTrue(dropped > 900, "a 4 KiB ring takes a few dozen records; dropped " + dropped);
        out.release.countDown();
        log.close();
        long lines = out.written.toString().lines().count();
        assertEquals(1000, lines + dropped, "every record is written or counted as dropped");
        assertEquals(lines, log.written());
    }
}
