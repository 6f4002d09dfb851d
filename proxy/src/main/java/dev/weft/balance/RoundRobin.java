package dev.weft.balance;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Each new connection goes to the next eligible endpoint in turn, each taking as many turns in a cycle as its
 * weight. The cycle is made of the eligible endpoints only: were the turns of one that is down handed to its
 * neighbour, the neighbour would take twice its share (with one of three down, 40/20 instead of 30/30).
 */
final class RoundRobin implements Balancer {
    private final AtomicInteger next = new AtomicInteger();

    @Override
    public Endpoint pick(List<Endpoint> endpoints, List<Endpoint> tried, int limit) {
        int eligibleWeight = 0;
        for (int i = 0, n = endpoints.size(); i < n; i++) {
            Endpoint endpoint = endpoints.get(i);
            if (Balancer.eligible(endpoint, tried, limit)) {
                eligibleWeight += endpoint.weight();
            }
        }
        if (eligibleWeight == 0) {
            return null;
        }
        int turn = Math.floorMod(next.getAndIncrement(), eligibleWeight);
        for (int i = 0, n = endpoints.size(); i < n; i++) {
            Endpoint endpoint = endpoints.get(i);
            if (!Balancer.eligible(endpoint, tried, limit)) {
                continue;
            }
            if (turn < endpoint.weight()) {
                return endpoint;
            }
            turn -= endpoint.weight();
        }
        // One went down or filled up between the two passes.
        return Balancer.firstEligibleFrom(0, endpoints, tried, limit);
    }
}
