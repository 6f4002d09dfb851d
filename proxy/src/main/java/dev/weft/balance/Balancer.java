package dev.weft.balance;

import dev.weft.config.Balancing;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Chooses the endpoint of a group for a new connection among those that are eligible: UP, not yet tried by this
 * connection, and below the per-endpoint limit (see {@link Endpoint#takesNew}). Endpoints count in proportion to their weights. Implementations
 * scan the endpoint list in place and allocate nothing.
 */
sealed interface Balancer permits RoundRobin, LeastConnections, PowerOfTwoChoices, RandomChoice {

    /**
     * @param limit connections per endpoint, 0 for no limit
     * @return the chosen endpoint, or null when none is eligible
     */
    Endpoint pick(List<Endpoint> endpoints, List<Endpoint> tried, int limit);

    static Balancer of(Balancing balancing) {
        return switch (balancing) {
            case ROUND_ROBIN -> new RoundRobin();
            case LEAST_CONNECTIONS -> new LeastConnections();
            case POWER_OF_TWO_CHOICES -> new PowerOfTwoChoices();
            case RANDOM -> new RandomChoice();
        };
    }

    static boolean eligible(Endpoint endpoint, List<Endpoint> tried, int limit) {
        return endpoint.takesNew() && !tried.contains(endpoint) && (limit == 0 || endpoint.active() < limit);
    }

    /** The first eligible endpoint at or after {@code start}, wrapping around; null if there is none. */
    static Endpoint firstEligibleFrom(int start, List<Endpoint> endpoints, List<Endpoint> tried, int limit) {
        int n = endpoints.size();
        for (int i = 0; i < n; i++) {
            Endpoint candidate = endpoints.get((start + i) % n);
            if (eligible(candidate, tried, limit)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * An eligible endpoint at random, each with a chance proportional to its weight (weighted reservoir sampling,
     * so a DOWN endpoint's share is spread over the others in proportion too).
     */
    static Endpoint randomEligible(List<Endpoint> endpoints, List<Endpoint> tried, int limit) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Endpoint chosen = null;
        int seen = 0;
        for (int i = 0, n = endpoints.size(); i < n; i++) {
            Endpoint candidate = endpoints.get(i);
            if (eligible(candidate, tried, limit)) {
                seen += candidate.weight();
                if (random.nextInt(seen) < candidate.weight()) {
                    chosen = candidate;
                }
            }
        }
        return chosen;
    }

    /** True when {@code a} carries less load for its weight than {@code b}: active(a)/weight(a) < active(b)/weight(b). */
    static boolean lighter(Endpoint a, Endpoint b) {
        return (long) a.active() * b.weight() < (long) b.active() * a.weight();
    }
}
