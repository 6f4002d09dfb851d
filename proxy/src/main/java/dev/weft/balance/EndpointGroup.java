package dev.weft.balance;

import dev.weft.config.GroupConfig;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Endpoints that share a distance and a capacity: at most {@code max-connections-per-endpoint} per endpoint and
 * {@code max-connections} in all, both scaled by {@code capacity-scaler}, where a scaler of 0 takes no new
 * connections at all (the group drains). Within the group the backend's balancing algorithm picks, by weight, or
 * the client-IP ring when affinity is on and the client's endpoint is eligible. The group logs when it loses its
 * last healthy endpoint and when it gets one back.
 */
public final class EndpointGroup {
    private static final System.Logger LOG = System.getLogger("weft.balance");
    /** An unmeasured group with {@code distance = auto} counts as far away. */
    private static final int UNMEASURED = Integer.MAX_VALUE - 1;

    private final String label;
    private final GroupConfig config;
    private final Balancer balancer;
    private final boolean affinity;
    /** Replaced whole when the endpoints change (a DNS refresh), so a reader sees one consistent set. */
    private volatile Members members;
    private final int endpointLimit;
    private final int groupLimit;
    private final AtomicInteger active = new AtomicInteger();
    private final TrafficCounters counters;
    private boolean up = true;

    /** @param counters the group's counters: those of the group of the same name before a reload, or new ones */
    EndpointGroup(String backend, GroupConfig config, List<Endpoint> endpoints, Balancer balancer, boolean affinity,
                  TrafficCounters counters) {
        this.label = "backend '" + backend + "' group '" + config.name() + "'";
        this.counters = counters;
        this.config = config;
        this.balancer = balancer;
        this.affinity = affinity;
        this.endpointLimit = scaled(config.maxConnectionsPerEndpoint(), config.capacityScaler());
        this.groupLimit = scaled(config.maxConnections(), config.capacityScaler());
        replaceEndpoints(endpoints);
        // Endpoints carried over a reload bring their open connections into this group's count.
        active.set(endpoints.stream().mapToInt(Endpoint::active).sum());
    }

    /** The endpoints and, with affinity, their ring. */
    private record Members(List<Endpoint> endpoints, AffinityRing ring) {
    }

    /** From now on new connections go to {@code next}; endpoints that are not in it any more are the caller's. */
    void replaceEndpoints(List<Endpoint> next) {
        for (Endpoint endpoint : next) {
            endpoint.joinGroup(this);
            endpoint.health().onChange(this::healthChanged);
        }
        members = new Members(List.copyOf(next), affinity ? new AffinityRing(next) : null);
    }

    GroupConfig config() {
        return config;
    }

    /** A limit times the scaler, rounded up so that a small limit never scales to none; 0 stays unlimited. */
    private static int scaled(int limit, double scaler) {
        return limit == 0 ? 0 : Math.max(1, (int) Math.ceil(limit * scaler));
    }

    public String name() {
        return config.name();
    }

    public List<Endpoint> endpoints() {
        return members.endpoints();
    }

    /** True while at least one endpoint takes new connections; never for a drained group (capacity-scaler 0). */
    public boolean isUp() {
        if (config.capacityScaler() == 0) {
            return false;
        }
        for (Endpoint endpoint : members.endpoints()) {
            if (endpoint.takesNew()) {
                return true;
            }
        }
        return false;
    }

    /** Connections each endpoint may have, after the capacity scaler; 0 for no limit. */
    public int endpointLimit() {
        return endpointLimit;
    }

    /** Connections the whole group may have, after the capacity scaler; 0 for no limit. */
    public int groupLimit() {
        return groupLimit;
    }

    /** Open connections to the group's endpoints. */
    public int active() {
        return active.get();
    }

    /** Failed connects and bytes each way, over all the group's endpoints. */
    public TrafficCounters counters() {
        return counters;
    }

    /**
     * Lower is closer. Configured, or with {@code distance = auto} the smallest smoothed health-check round trip
     * of the group's healthy endpoints, in microseconds.
     */
    public int distance() {
        if (config.distance() >= 0) {
            return config.distance();
        }
        long best = Long.MAX_VALUE;
        for (Endpoint endpoint : members.endpoints()) {
            long rtt = endpoint.health().rttNanos();
            if (endpoint.takesNew() && rtt > 0 && rtt < best) {
                best = rtt;
            }
        }
        return best == Long.MAX_VALUE ? UNMEASURED : (int) Math.min(UNMEASURED - 1, best / 1000);
    }

    /**
     * How many more connections the group can take for this client, for spreading new connections over groups
     * at the same distance: 0 when it is full, drained, or has no eligible endpoint.
     */
    long spare(List<Endpoint> tried) {
        if (config.capacityScaler() == 0 || (groupLimit > 0 && active.get() >= groupLimit)) {
            return 0;
        }
        long spare = 0;
        List<Endpoint> endpoints = members.endpoints();
        for (int i = 0, n = endpoints.size(); i < n; i++) {
            Endpoint endpoint = endpoints.get(i);
            if (Balancer.eligible(endpoint, tried, endpointLimit)) {
                spare += endpointLimit == 0 ? 1000L * endpoint.weight() : endpointLimit - endpoint.active();
            }
        }
        return groupLimit == 0 ? spare : Math.min(spare, groupLimit - active.get());
    }

    /**
     * Reserves a connection on an endpoint of this group, within both limits: the client's own endpoint with
     * affinity, if it can take it, else the balancer's choice. Null when the group has no room for it.
     *
     * @param client the client's address, for affinity; may be null
     */
    Endpoint reserve(List<Endpoint> tried, InetAddress client) {
        if (config.capacityScaler() == 0) {
            return null;
        }
        Members current = members;
        List<Endpoint> endpoints = current.endpoints();
        if (endpoints.isEmpty()) {
            return null;
        }
        Endpoint preferred = current.ring() != null && client != null ? current.ring().owner(client) : null;
        for (int attempt = 0; attempt <= endpoints.size(); attempt++) {
            Endpoint endpoint = preferred != null && Balancer.eligible(preferred, tried, endpointLimit) ? preferred
                    : balancer.pick(endpoints, tried, endpointLimit);
            preferred = null;
            if (endpoint == null) {
                return null;
            }
            if (!endpoint.tryAcquire(endpointLimit)) {
                continue;
            }
            if (!tryAcquire()) {
                endpoint.undo();
                return null;
            }
            counters.reserved();
            return endpoint;
        }
        return null;
    }

    /** The endpoint {@code client} maps to on the affinity ring; null without affinity. */
    Endpoint affinityOwner(InetAddress client) {
        AffinityRing ring = members.ring();
        return ring == null ? null : ring.owner(client);
    }

    private boolean tryAcquire() {
        while (true) {
            int current = active.get();
            if (groupLimit > 0 && current >= groupLimit) {
                return false;
            }
            if (active.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** A connection handed over from another process: counted, whatever the limit. */
    void adopted() {
        active.incrementAndGet();
        counters.reserved();
    }

    void released(long in, long out) {
        if (active.decrementAndGet() < 0) {
            // A connection that was counted by the group before a reload: this group never counted it.
            active.incrementAndGet();
        }
        counters.closed(in, out);
    }

    private synchronized void healthChanged() {
        List<Endpoint> endpoints = members.endpoints();
        long healthy = endpoints.stream().filter(e -> e.health().isUp()).count();
        boolean nowUp = healthy > 0;
        if (nowUp != up) {
            up = nowUp;
            LOG.log(nowUp ? System.Logger.Level.INFO : System.Logger.Level.WARNING, label + " is "
                    + (nowUp ? "UP (" + healthy + " of " + endpoints.size() + " endpoints healthy)"
                    : "DOWN: no healthy endpoint; new connections go to the next closest group"));
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
