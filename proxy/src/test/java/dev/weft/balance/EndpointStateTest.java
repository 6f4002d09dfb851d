package dev.weft.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.health.EndpointHealth;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What decides whether an endpoint takes new connections, besides its health, and with what weight. */
class EndpointStateTest {
    private static final long HOUR = Duration.ofHours(1).toNanos();

    private static Endpoint endpoint(int weight) {
        return new Endpoint(new InetSocketAddress("127.0.0.1", 9000), "e", weight,
                new EndpointHealth("e", 1, 1, true));
    }

    @Test
    void drainMaintAndWeightZeroTakeNoNewConnections() {
        Endpoint endpoint = endpoint(5);
        assertTrue(endpoint.takesNew());
        endpoint.setState(EndpointState.DRAIN);
        assertFalse(endpoint.takesNew());
        endpoint.setState(EndpointState.MAINT);
        assertFalse(endpoint.takesNew());
        endpoint.setState(EndpointState.READY);
        assertTrue(endpoint.takesNew());
        endpoint.setRuntimeWeight(0);
        assertFalse(endpoint.takesNew());
        endpoint.setRuntimeWeight(RuntimeOverrides.Override.CONFIGURED);
        assertEquals(5, endpoint.weight());
    }

    @Test
    void slowStartRampsTheWeightOfAnEndpointThatCameBack() {
        Endpoint endpoint = endpoint(100);
        endpoint.policies(HOUR, false);
        assertEquals(100, endpoint.weight(), "an endpoint that never left is not slowed");
        endpoint.health().recordFailure("test");
        endpoint.health().recordSuccess();
        assertEquals(10, endpoint.weight(), "a tenth of its weight the moment it is back up");

        Endpoint drained = endpoint(100);
        drained.policies(HOUR, false);
        drained.setState(EndpointState.DRAIN);
        drained.setState(EndpointState.READY);
        assertEquals(10, drained.weight(), "back to ready ramps too");

        Endpoint light = endpoint(3);
        light.policies(HOUR, false);
        light.health().recordFailure("test");
        light.health().recordSuccess();
        assertEquals(1, light.weight(), "never below 1");

        Endpoint quick = endpoint(100);
        quick.policies(1, false);
        quick.health().recordFailure("test");
        quick.health().recordSuccess();
        assertEquals(100, quick.weight(), "the whole weight once slow-start has passed");
    }

    @Test
    void sessionsEndWhenChecksMarkItDownOnlyWithThePolicy() {
        Endpoint kept = endpoint(1);
        kept.health().recordFailure("test");
        assertFalse(kept.sessionsEndWhenDown());
        Endpoint ended = endpoint(1);
        ended.policies(0, true);
        assertFalse(ended.sessionsEndWhenDown());
        ended.health().recordFailure("test");
        assertTrue(ended.sessionsEndWhenDown());
    }
}
