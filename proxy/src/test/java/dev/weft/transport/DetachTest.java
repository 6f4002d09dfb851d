package dev.weft.transport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two pumps stop together, or neither does. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DetachTest {

    @Test
    void theFirstToArriveWaitsForTheSecondAndBothStop() throws Exception {
        Detach detach = new Detach();
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(detach::arrive);
        assertFalse(first.isDone() && first.get(), "one pump alone does not stop");
        assertTrue(detach.arrive(), "the second stops");
        assertTrue(first.get(5, TimeUnit.SECONDS), "and so does the first");
    }

    @Test
    void aCancelLetsTheWaitingPumpGoOnAndStopsNobody() throws Exception {
        Detach detach = new Detach();
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(detach::arrive);
        // Whether it arrived before the cancel or after, it must not stop: a missed wake-up would hang here.
        detach.cancel();
        assertFalse(first.get(5, TimeUnit.SECONDS), "the waiting pump goes on pumping");
        assertFalse(detach.arrive(), "and a late one does not stop either");
        assertTrue(detach.cancelled());
    }
}
