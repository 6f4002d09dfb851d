package dev.weft.balance;

import dev.weft.config.BackendConfig;
import dev.weft.config.GroupConfig;
import dev.weft.config.HealthCheckConfig;
import dev.weft.config.HostPort;
import dev.weft.config.OnMarkedDown;
import dev.weft.config.SessionAffinity;
import dev.weft.health.EndpointHealth;
import dev.weft.metrics.LatencyHistogram;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * A named set of endpoint groups and the policy that spreads new connections over them: the closest group (lowest
 * distance) with a healthy endpoint and spare capacity takes the connection; groups at the same distance share by
 * spare capacity; a full or dead group overflows to the next closest. With no room anywhere, the connection is
 * refused at once.
 */
public final class Backend {
    private static final System.Logger LOG = System.getLogger("weft.balance");

    private final BackendConfig config;
    private final List<EndpointGroup> groups;
    private final LatencyHistogram connectTime;
    /** Connects tried again on another endpoint after one failed; kept across reloads. */
    private final LongAdder retries;
    private final RuntimeOverrides overrides;
    /**
     * Endpoints that left (a reload, a DNS answer) while connections to them still drain, so that the metrics
     * show them until their last connection ends.
     */
    private final List<Endpoint> draining = new CopyOnWriteArrayList<>();

    public Backend(BackendConfig config) {
        this(config, null, new RuntimeOverrides());
    }

    /**
     * @param previous  the backend of the same name before a reload, or null: endpoints it has at the same address
     *                  carry on (their connections, health, counters and runtime state) with the new settings
     * @param overrides what the runtime API set, by address: endpoints built anew here take it
     */
    public Backend(BackendConfig config, Backend previous, RuntimeOverrides overrides) {
        this.config = config;
        this.overrides = overrides;
        this.connectTime = previous != null ? previous.connectTime : new LatencyHistogram();
        this.retries = previous != null ? previous.retries : new LongAdder();
        boolean affinity = config.sessionAffinity() == SessionAffinity.CLIENT_IP;
        Map<InetSocketAddress, Endpoint> carried = new LinkedHashMap<>();
        if (previous != null) {
            previous.endpoints().forEach(endpoint -> carried.put(endpoint.address(), endpoint));
        }
        HealthCheckConfig check = config.healthCheck();
        List<EndpointGroup> built = new ArrayList<>();
        for (GroupConfig group : config.groups()) {
            List<Endpoint> members = new ArrayList<>();
            if (group.dns() != null && previous != null) {
                // Until the next lookup, a DNS group keeps the addresses it had.
                for (EndpointGroup old : previous.groups) {
                    if (old.name().equals(group.name()) && group.dns().equals(old.config().dns())) {
                        old.endpoints().forEach(endpoint -> members.add(carried.remove(endpoint.address())));
                    }
                }
                members.removeIf(Objects::isNull);
            }
            for (GroupConfig.Member member : group.endpoints()) {
                Endpoint kept = carried.remove(member.address().address());
                members.add(kept != null ? kept : endpoint(group, member.address(), member.weight()));
                if (kept != null) {
                    kept.reconfigure(member.weight());
                }
            }
            for (Endpoint endpoint : members) {
                endpoint.policies(config.endpointPolicy().slowStart().toNanos(),
                        config.endpointPolicy().onMarkedDown() == OnMarkedDown.SHUTDOWN_SESSIONS);
                endpoint.health().reconfigure(check.healthyThreshold(), check.unhealthyThreshold(), check.enabled(),
                        check.ejectAfterFailures(), check.ejection());
            }
            for (Endpoint endpoint : members) {
                // A drained group takes no new connections; its open ones live at most the draining timeout.
                if (group.capacityScaler() == 0) {
                    endpoint.retire(config.drainingTimeout());
                } else {
                    endpoint.reinstate();
                }
            }
            TrafficCounters counters = previous == null ? new TrafficCounters() : previous.groups.stream()
                    .filter(old -> old.name().equals(group.name())).findFirst().map(EndpointGroup::counters)
                    .orElseGet(TrafficCounters::new);
            built.add(new EndpointGroup(config.name(), group, members, Balancer.of(config.balancing()), affinity,
                    counters));
        }
        this.groups = List.copyOf(built);
    }

    /**
     * After a reload: every endpoint of this backend that {@code next} does not carry on retires, its connections
     * draining for the draining timeout. With no {@code next} (the backend was removed), all of them.
     */
    public void retireAllBut(Backend next) {
        List<Endpoint> kept = next == null ? List.of() : next.endpoints();
        Duration drainingTimeout = next == null ? config.drainingTimeout() : next.config().drainingTimeout();
        for (Endpoint endpoint : endpoints()) {
            if (kept.stream().noneMatch(k -> k == endpoint)) {
                endpoint.retire(drainingTimeout);
                if (next != null) {
                    next.draining.add(endpoint);
                }
            }
        }
        if (next != null) {
            next.draining.addAll(draining);
        } else {
            // The backend itself is gone: what drains is listed here, for the server to show.
            endpoints().stream().filter(endpoint -> endpoint.active() > 0).forEach(draining::add);
        }
    }

    /** Endpoints that left the backend and still have connections; forgets those that have none. */
    public List<Endpoint> draining() {
        draining.removeIf(endpoint -> endpoint.active() == 0);
        return List.copyOf(draining);
    }

    /** Connects tried again on another endpoint after one failed. */
    public long retries() {
        return retries.sum();
    }

    void retried() {
        retries.increment();
    }

    private Endpoint endpoint(GroupConfig group, HostPort address, int weight) {
        HealthCheckConfig check = config.healthCheck();
        String label = "backend '" + config.name() + "' endpoint " + address
                + (group.name().equals(GroupConfig.DEFAULT) ? "" : " (group '" + group.name() + "')");
        Endpoint endpoint = new Endpoint(address.address(), label, weight, new EndpointHealth(label,
                check.healthyThreshold(), check.unhealthyThreshold(), check.enabled(), check.ejectAfterFailures(),
                check.ejection()));
        endpoint.policies(config.endpointPolicy().slowStart().toNanos(),
                config.endpointPolicy().onMarkedDown() == OnMarkedDown.SHUTDOWN_SESSIONS);
        overrides.applyTo(config.name(), endpoint);
        return endpoint;
    }

    public String name() {
        return config.name();
    }

    public BackendConfig config() {
        return config;
    }

    /** How long successful connects to the endpoints took; kept across reloads. */
    public LatencyHistogram connectTime() {
        return connectTime;
    }

    public List<EndpointGroup> groups() {
        return groups;
    }

    public EndpointGroup group(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no group '" + name + "'"));
    }

    /** The endpoint at {@code address} in any group, or null. */
    public Endpoint endpoint(InetSocketAddress address) {
        for (EndpointGroup group : groups) {
            for (Endpoint endpoint : group.endpoints()) {
                if (endpoint.address().equals(address)) {
                    return endpoint;
                }
            }
        }
        return null;
    }

    /** Every endpoint of every group, as they are now. */
    public List<Endpoint> endpoints() {
        return groups.stream().flatMap(group -> group.endpoints().stream()).toList();
    }

    /** The groups whose endpoints come from DNS. */
    public List<EndpointGroup> dnsGroups() {
        return groups.stream().filter(group -> group.config().dns() != null).toList();
    }

    /**
     * Looks a DNS group's name up and makes its endpoints the addresses found: those already there stay as they
     * are (health, counts), new ones join, and those that went away retire, draining for the backend's
     * {@code draining-timeout}. A failed lookup changes nothing.
     *
     * @param resolver the lookup; {@link InetAddress#getAllByName} in production
     */
    public void refresh(EndpointGroup group, Resolver resolver) {
        HostPort dns = group.config().dns();
        InetAddress[] found;
        try {
            found = resolver.resolve(dns.host());
        } catch (UnknownHostException e) {
            LOG.log(System.Logger.Level.WARNING, group + ": cannot resolve " + dns.host() + "; keeping "
                    + group.endpoints().size() + " endpoint(s): " + e.getMessage());
            return;
        }
        Map<InetSocketAddress, Endpoint> current = new LinkedHashMap<>();
        for (Endpoint endpoint : group.endpoints()) {
            current.put(endpoint.address(), endpoint);
        }
        List<Endpoint> next = new ArrayList<>();
        for (InetAddress address : found) {
            InetSocketAddress socketAddress = new InetSocketAddress(address, dns.port());
            Endpoint kept = current.remove(socketAddress);
            next.add(kept != null ? kept : endpoint(group.config(), HostPort.of(socketAddress),
                    group.config().weight()));
        }
        if (next.size() == group.endpoints().size() && current.isEmpty()) {
            return;
        }
        group.replaceEndpoints(next);
        for (Endpoint gone : current.values()) {
            gone.retire(config.drainingTimeout());
            draining.add(gone);
        }
        LOG.log(System.Logger.Level.INFO, group + ": " + dns.host() + " now gives " + next.size() + " endpoint(s)"
                + (current.isEmpty() ? "" : "; draining " + current.size() + " that left"));
    }

    /** Name resolution, replaceable in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }
    /** True when endpoints are chosen by the client's address, which the caller must then pass. */
    public boolean needsClientAddress() {
        return config.sessionAffinity() == SessionAffinity.CLIENT_IP;
    }

    /**
     * Reserves an endpoint for a new connection, skipping those this connection already tried; null if no group
     * has room. The reservation ends with {@link Endpoint#release}.
     *
     * @param client the client's address, for affinity; may be null
     */
    public Endpoint reserve(List<Endpoint> tried, InetAddress client) {
        long skipped = 0;
        for (int attempt = 0; attempt < groups.size(); attempt++) {
            EndpointGroup chosen = null;
            int chosenIndex = -1;
            int nearest = Integer.MAX_VALUE;
            long spareAtNearest = 0;
            for (int i = 0, n = groups.size(); i < n; i++) {
                if (i < 64 && (skipped & (1L << i)) != 0) {
                    continue;
                }
                EndpointGroup group = groups.get(i);
                long spare = group.spare(tried);
                if (spare <= 0) {
                    continue;
                }
                int distance = group.distance();
                if (distance < nearest) {
                    nearest = distance;
                    spareAtNearest = spare;
                    chosen = group;
                    chosenIndex = i;
                } else if (distance == nearest) {
                    // Groups at one distance share new connections in proportion to their spare capacity.
                    spareAtNearest += spare;
                    if (ThreadLocalRandom.current().nextLong(spareAtNearest) < spare) {
                        chosen = group;
                        chosenIndex = i;
                    }
                }
            }
            if (chosen == null) {
                return null;
            }
            Endpoint endpoint = chosen.reserve(tried, client);
            if (endpoint != null) {
                return endpoint;
            }
            if (chosenIndex < 64) {
                skipped |= 1L << chosenIndex;
            }
        }
        return null;
    }
}
