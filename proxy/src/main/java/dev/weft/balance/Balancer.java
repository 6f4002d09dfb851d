package dev.weft.balance;

import dev.weft.config.Balancing;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Chooses the endpoint for a new connection among those that are UP and not yet tried by this connection.
 * Implementations scan the endpoint list in place and allocate nothing.
 */
sealed interface Balancer permits RoundRobin, LeastConnections, PowerOfTwoChoices, RandomChoice {

    /** @return the chosen endpoint, or null when none is eligible */
    Endpoint pick(List<Endpoint> endpoints, List<Endpoint> tried);

    static Balancer of(Balancing balancing) {
        return switch (balancing) {
            case ROUND_ROBIN -> new RoundRobin();
            case LEAST_CONNECTIONS -> new LeastConnections();
            case POWER_OF_TWO_CHOICES -> new PowerOfTwoChoices();
            case RANDOM -> new RandomChoice();
        };
    }

    static boolean eligible(Endpoint endpoint, List<Endpoint> tried) {
        return endpoint.health().isUp() && !tried.contains(endpoint);
    }

    /** The first eligible endpoint at or after {@code start}, wrapping around; null if there is none. */
    static Endpoint firstEligibleFrom(int start, List<Endpoint> endpoints, List<Endpoint> tried) {
        int n = endpoints.size();
        for (int i = 0; i < n; i++) {
            Endpoint candidate = endpoints.get((start + i) % n);
            if (eligible(candidate, tried)) {
                return candidate;
            }
        }
        return null;
    }

    /** A uniformly random eligible endpoint (reservoir sampling, so a DOWN endpoint's share is spread evenly). */
    static Endpoint randomEligible(List<Endpoint> endpoints, List<Endpoint> tried) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Endpoint chosen = null;
        int seen = 0;
        for (int i = 0, n = endpoints.size(); i < n; i++) {
            Endpoint candidate = endpoints.get(i);
            if (eligible(candidate, tried) && random.nextInt(++seen) == 0) {
                chosen = candidate;
            }
        }
        return chosen;
    }
}
