package dev.weft.balance;

import dev.weft.config.BackendConfig;
import dev.weft.config.GroupConfig;
import dev.weft.config.HealthCheckConfig;
import dev.weft.config.SessionAffinity;
import dev.weft.health.EndpointHealth;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A named set of endpoint groups and the policy that spreads new connections over them: the closest group (lowest
 * distance) with a healthy endpoint and spare capacity takes the connection; groups at the same distance share by
 * spare capacity; a full or dead group overflows to the next closest. With no room anywhere, the connection is
 * refused at once.
 */
public final class Backend {
    private final BackendConfig config;
    private final List<EndpointGroup> groups;
    private final List<Endpoint> endpoints;

    public Backend(BackendConfig config) {
        this.config = config;
        HealthCheckConfig check = config.healthCheck();
        boolean affinity = config.sessionAffinity() == SessionAffinity.CLIENT_IP;
        List<EndpointGroup> built = new ArrayList<>();
        List<Endpoint> all = new ArrayList<>();
        for (GroupConfig group : config.groups()) {
            List<Endpoint> members = new ArrayList<>();
            for (GroupConfig.Member member : group.endpoints()) {
                String label = "backend '" + config.name() + "' endpoint " + member.address()
                        + (group.name().equals(GroupConfig.DEFAULT) ? "" : " (group '" + group.name() + "')");
                members.add(new Endpoint(member.address().address(), label, member.weight(),
                        new EndpointHealth(label, check.healthyThreshold(), check.unhealthyThreshold(),
                                check.enabled(), check.ejectAfterFailures(), check.ejection())));
            }
            built.add(new EndpointGroup(config.name(), group, members, Balancer.of(config.balancing()), affinity));
            all.addAll(members);
        }
        this.groups = List.copyOf(built);
        this.endpoints = List.copyOf(all);
    }

    public String name() {
        return config.name();
    }

    public BackendConfig config() {
        return config;
    }

    public List<EndpointGroup> groups() {
        return groups;
    }

    public EndpointGroup group(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no group '" + name + "'"));
    }

    /** Every endpoint of every group. */
    public List<Endpoint> endpoints() {
        return endpoints;
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
