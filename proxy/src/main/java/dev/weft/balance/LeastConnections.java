package dev.weft.balance;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The eligible endpoint with the fewest active connections for its weight. The scan starts at a rotating offset so
 * that ties (an idle backend, say) spread round-robin instead of piling onto the first endpoint.
 */
final class LeastConnections implements Balancer {
    private final AtomicInteger offset = new AtomicInteger();

    @Override
    public Endpoint pick(List<Endpoint> endpoints, List<Endpoint> tried, int limit) {
        int n = endpoints.size();
        int start = Math.floorMod(offset.getAndIncrement(), n);
        Endpoint best = null;
        for (int i = 0; i < n; i++) {
            Endpoint candidate = endpoints.get((start + i) % n);
            if (Balancer.eligible(candidate, tried, limit) && (best == null || Balancer.lighter(candidate, best))) {
                best = candidate;
            }
        }
        return best;
    }
}
