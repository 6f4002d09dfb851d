package dev.weft.perf;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void aProcessThatComputesAccumulatesTicks() throws IOException {
        List<Long> self = List.of(ProcessHandle.current().pid());
        long before = ProcessCpu.ticks(self);
        long deadline = System.nanoTime() + 300_000_000L;
        long sink = 0;
        while (System.nanoTime() < deadline) {
            sink += Long.numberOfTrailingZeros(sink + System.nanoTime());
        }
        assertTrue(ProcessCpu.ticks(self) > before, "ticks grew (" + sink + ")");
    }

    @Test
    void aVanishedProcessIsAnError() {
        assertThrows(IOException.class, () -> ProcessCpu.ticks(List.of(Long.MAX_VALUE)));
    }
}
