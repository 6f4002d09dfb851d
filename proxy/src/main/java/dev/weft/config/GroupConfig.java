package dev.weft.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code weft.backends.<name>.groups.<group>}: endpoints that share a distance and a capacity. The plain
 * {@code endpoints = [...]} of a backend is one group, {@value #DEFAULT}, at distance 0.
 *
 * @param distance                  lower is closer; new connections go to the closest group with capacity
 * @param maxConnectionsPerEndpoint 0 for unlimited
 * @param maxConnections            for the whole group; 0 for unlimited
 * @param capacityScaler            0 (no new connections: the group drains), or 0.1 to 1.0, applied to both limits
 * @param weight                    the default weight of the group's endpoints
 * @param dns                       for a DNS group: the name whose addresses are the endpoints, and their port;
 *                                  null for a group of listed endpoints
 * @param refresh                   how often a DNS group's name is looked up again
 */
public record GroupConfig(String name, List<Member> endpoints, int distance, int maxConnectionsPerEndpoint,
                          int maxConnections, double capacityScaler, int weight, HostPort dns, Duration refresh) {

    public static final String DEFAULT = "default";

    /** One endpoint of a group and its weight. */
    public record Member(HostPort address, int weight) {
    }
}
