package dev.weft.balance;

import java.util.List;

/**
 * Two eligible endpoints at random, the one with fewer active connections wins: nearly least-connections'
 * balance without every connection reading every endpoint's counter.
 */
final class PowerOfTwoChoices implements Balancer {

    @Override
    public Endpoint pick(List<Endpoint> endpoints, List<Endpoint> tried) {
        Endpoint first = Balancer.randomEligible(endpoints, tried);
        if (first == null) {
            return null;
        }
        Endpoint second = Balancer.randomEligible(endpoints, tried);
        return second.active() < first.active() ? second : first;
    }
}
