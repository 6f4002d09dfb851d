package dev.weft.balance;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Each new connection goes to the next endpoint in turn, each endpoint taking as many turns in a cycle as its
 * weight; a turn that falls on an ineligible endpoint goes to the next eligible one.
 */
final class RoundRobin implements Balancer {
    private final AtomicInteger next = new AtomicInteger();

    @Override
    public Endpoint pick(List<Endpoint> endpoints, List<Endpoint> tried, int limit) {
        int totalWeight = 0;
        for (int i = 0, n = endpoints.size(); i < n; i++) {
            totalWeight += endpoints.get(i).weight();
        }
        int turn = Math.floorMod(next.getAndIncrement(), totalWeight);
        int owner = 0;
        while (turn >= endpoints.get(owner).weight()) {
            turn -= endpoints.get(owner).weight();
            owner++;
        }
        return Balancer.firstEligibleFrom(owner, endpoints, tried, limit);
    }
}
