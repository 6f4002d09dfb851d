package dev.weft.balance;

import java.util.List;

/** An eligible endpoint at random, in proportion to the weights. */
final class RandomChoice implements Balancer {

    @Override
    public Endpoint pick(List<Endpoint> endpoints, List<Endpoint> tried, int limit) {
        return Balancer.randomEligible(endpoints, tried, limit);
    }
}
