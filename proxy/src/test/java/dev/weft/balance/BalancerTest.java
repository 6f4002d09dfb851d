package dev.weft.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.config.Balancing;
import dev.weft.health.EndpointHealth;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BalancerTest {

    private static List<Endpoint> endpoints(int count) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String label = "endpoint " + i;
            endpoints.add(new Endpoint(new InetSocketAddress("127.0.0.1", 9000 + i), label, 1,
                    new EndpointHealth(label, 1, 1, true)));
        }
        return endpoints;
    }

    @Test
    void roundRobinTakesEachEndpointInTurn() {
        List<Endpoint> endpoints = endpoints(3);
        Balancer balancer = Balancer.of(Balancing.ROUND_ROBIN);
        for (int round = 0; round < 3; round++) {
            for (Endpoint expected : endpoints) {
                assertEquals(expected, balancer.pick(endpoints, List.of(), 0));
            }
        }
    }

    @Test
    void roundRobinSharesEvenlyAmongTheEndpointsThatAreUp() {
        List<Endpoint> endpoints = endpoints(3);
        endpoints.get(1).health().recordFailure("test");
        Balancer balancer = Balancer.of(Balancing.ROUND_ROBIN);
        Map<Endpoint, Integer> picks = new HashMap<>();
        for (int i = 0; i < 60; i++) {
            picks.merge(balancer.pick(endpoints, List.of(), 0), 1, Integer::sum);
        }
        assertEquals(Map.of(endpoints.get(0), 30, endpoints.get(2), 30), picks, "as HAProxy splits it: 30/30");
        List<Endpoint> weighted = new ArrayList<>(endpoints(2));
        weighted.add(new Endpoint(new InetSocketAddress("127.0.0.1", 9100), "heavy", 3,
                new EndpointHealth("heavy", 1, 1, true)));
        weighted.getFirst().health().recordFailure("test");
        Map<Endpoint, Integer> shares = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            shares.merge(balancer.pick(weighted, List.of(), 0), 1, Integer::sum);
        }
        assertEquals(Map.of(weighted.get(1), 10, weighted.get(2), 30), shares, "by weight among those up");
    }

    @Test
    void leastConnectionsPicksTheEndpointWithFewestActive() {
        List<Endpoint> endpoints = endpoints(3);
        endpoints.get(0).tryAcquire(0);
        endpoints.get(0).tryAcquire(0);
        endpoints.get(1).tryAcquire(0);
        Balancer balancer = Balancer.of(Balancing.LEAST_CONNECTIONS);
        for (int i = 0; i < 5; i++) {
            assertEquals(endpoints.get(2), balancer.pick(endpoints, List.of(), 0));
        }
    }

    @Test
    void leastConnectionsKeepsHeldConnectionsWithinOneOfEachOther() {
        List<Endpoint> endpoints = endpoints(3);
        Balancer balancer = Balancer.of(Balancing.LEAST_CONNECTIONS);
        for (int i = 0; i < 100; i++) {
            balancer.pick(endpoints, List.of(), 0).tryAcquire(0);
            int max = endpoints.stream().mapToInt(Endpoint::active).max().orElseThrow();
            int min = endpoints.stream().mapToInt(Endpoint::active).min().orElseThrow();
            assertTrue(max - min <= 1, "spread after " + (i + 1) + " connections: " + max + " vs " + min);
        }
    }

    @Test
    void powerOfTwoChoicesNeverPicksTheBusierOfTwoWhenTheOtherIsIdle() {
        List<Endpoint> endpoints = endpoints(2);
        for (int i = 0; i < 10; i++) {
            endpoints.get(0).tryAcquire(0);
        }
        Balancer balancer = Balancer.of(Balancing.POWER_OF_TWO_CHOICES);
        Map<Endpoint, Integer> picks = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            picks.merge(balancer.pick(endpoints, List.of(), 0), 1, Integer::sum);
        }
        // The busy endpoint wins only when both random draws land on it: about a quarter of the time.
        assertTrue(picks.getOrDefault(endpoints.get(0), 0) < 400, picks.toString());
    }

    @Test
    void randomSpreadsOverEveryEligibleEndpoint() {
        List<Endpoint> endpoints = endpoints(3);
        endpoints.get(1).health().recordFailure("test");
        Balancer balancer = Balancer.of(Balancing.RANDOM);
        Map<Endpoint, Integer> picks = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            picks.merge(balancer.pick(endpoints, List.of(), 0), 1, Integer::sum);
        }
        assertEquals(2, picks.size(), picks.toString());
        assertTrue(picks.get(endpoints.get(0)) > 1200 && picks.get(endpoints.get(2)) > 1200, picks.toString());
    }

    @ParameterizedTest
    @EnumSource(Balancing.class)
    void everyAlgorithmSkipsDownAndAlreadyTriedEndpoints(Balancing balancing) {
        List<Endpoint> endpoints = endpoints(3);
        endpoints.get(0).health().recordFailure("test");
        Balancer balancer = Balancer.of(balancing);
        for (int i = 0; i < 50; i++) {
            Endpoint picked = balancer.pick(endpoints, List.of(endpoints.get(1)), 0);
            assertEquals(endpoints.get(2), picked);
        }
        assertNull(balancer.pick(endpoints, List.of(endpoints.get(1), endpoints.get(2)), 0));
    }

    @ParameterizedTest
    @EnumSource(Balancing.class)
    void everyAlgorithmEventuallyUsesEveryHealthyEndpoint(Balancing balancing) {
        List<Endpoint> endpoints = endpoints(4);
        Balancer balancer = Balancer.of(balancing);
        Map<Endpoint, Integer> picks = new HashMap<>();
        for (int i = 0; i < 400; i++) {
            picks.merge(balancer.pick(endpoints, List.of(), 0), 1, Integer::sum);
        }
        assertEquals(4, picks.size(), picks.toString());
    }

    @ParameterizedTest
    @EnumSource(Balancing.class)
    void everyAlgorithmSharesInProportionToWeight(Balancing balancing) {
        List<Endpoint> endpoints = List.of(
                new Endpoint(new InetSocketAddress("127.0.0.1", 9000), "light", 1, new EndpointHealth("l", 1, 1, true)),
                new Endpoint(new InetSocketAddress("127.0.0.1", 9001), "heavy", 3, new EndpointHealth("h", 1, 1, true)));
        Balancer balancer = Balancer.of(balancing);
        Map<Endpoint, Integer> picks = new HashMap<>();
        for (int i = 0; i < 4000; i++) {
            Endpoint picked = balancer.pick(endpoints, List.of(), 0);
            picks.merge(picked, 1, Integer::sum);
            // Held, as real connections are, so that the load-aware algorithms see the weights at work.
            picked.tryAcquire(0);
        }
        double heavyShare = picks.get(endpoints.get(1)) / 4000.0;
        assertTrue(heavyShare > 0.70 && heavyShare < 0.80, balancing + ": heavy endpoint share " + heavyShare);
    }

    @ParameterizedTest
    @EnumSource(Balancing.class)
    void aFullEndpointIsNotPicked(Balancing balancing) {
        List<Endpoint> endpoints = endpoints(2);
        endpoints.get(0).tryAcquire(0);
        endpoints.get(0).tryAcquire(0);
        Balancer balancer = Balancer.of(balancing);
        for (int i = 0; i < 50; i++) {
            assertEquals(endpoints.get(1), balancer.pick(endpoints, List.of(), 2));
        }
        endpoints.get(1).tryAcquire(2);
        endpoints.get(1).tryAcquire(2);
        assertNull(balancer.pick(endpoints, List.of(), 2));
    }
}
