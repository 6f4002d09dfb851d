package dev.weft.balance;

import java.util.List;

/**
 * Two eligible endpoints drawn by weight, the one with fewer active connections for its weight wins: nearly
 * least-connections' balance without every connection reading every endpoint's counter.
 */
final class PowerOfTwoChoices implements Balancer {

    @Override
    public Endpoint pick(List<Endpoint> endpoints, List<Endpoint> tried, int limit) {
        Endpoint first = Balancer.randomEligible(endpoints, tried, limit);
        if (first == null) {
            return null;
        }
        Endpoint second = Balancer.randomEligible(endpoints, tried, limit);
        return Balancer.lighter(second, first) ? second : first;
    }
}
