package dev.weft.balance;

import java.util.List;

/** A uniformly random eligible endpoint. */
final class RandomChoice implements Balancer {

    @Override
    public Endpoint pick(List<Endpoint> endpoints, List<Endpoint> tried) {
        return Balancer.randomEligible(endpoints, tried);
    }
}
