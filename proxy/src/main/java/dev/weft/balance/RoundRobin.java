package dev.weft.balance;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Each new connection goes to the next eligible endpoint in turn. */
final class RoundRobin implements Balancer {
    private final AtomicInteger next = new AtomicInteger();

    @Override
    public Endpoint pick(List<Endpoint> endpoints, List<Endpoint> tried) {
        return Balancer.firstEligibleFrom(Math.floorMod(next.getAndIncrement(), endpoints.size()), endpoints, tried);
    }
}
