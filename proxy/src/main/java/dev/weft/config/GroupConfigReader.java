package dev.weft.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a backend's endpoints: the shorthand {@code endpoints = [...]} (one group, {@value GroupConfig#DEFAULT})
 * or {@code groups { <name> { endpoints, distance, limits, capacity-scaler, weight } }}. Endpoints are
 * {@code "host:port"} strings or {@code { address = "host:port", weight = 3 }} objects.
 */
final class GroupConfigReader {
    /** A group's distance when it says {@code distance = auto}: measured, not configured. */
    static final int AUTO_DISTANCE = -1;

    private GroupConfigReader() {
    }

    static List<GroupConfig> read(ConfigNode backend) {
        boolean shorthand = backend.has("endpoints");
        Map<String, ConfigNode> groupNodes = backend.namedChildren("groups");
        List<GroupConfig> groups = new ArrayList<>();
        if (shorthand && !groupNodes.isEmpty()) {
            backend.problem("groups", "a backend has either endpoints = [...] or groups { ... }, not both");
        }
        if (shorthand) {
            groups.add(new GroupConfig(GroupConfig.DEFAULT, members(backend, 1), 0, 0, 0, 1.0, 1, null,
                    Duration.ZERO));
        }
        groupNodes.forEach((name, node) -> groups.add(group(name, node)));
        if (!shorthand && groupNodes.isEmpty()) {
            backend.problem("endpoints", "is required: endpoints = [\"host:port\", ...] or groups { ... }");
        }
        return List.copyOf(groups);
    }

    private static GroupConfig group(String name, ConfigNode node) {
        int weight = node.integer("weight", 1, 1, 1000);
        HostPort dns = null;
        List<GroupConfig.Member> members = List.of();
        if (node.has("dns")) {
            if (node.has("endpoints")) {
                node.problem("dns", "a group has either endpoints = [...] or dns = \"name:port\", not both");
            }
            String dnsName = node.string("dns", null);
            try {
                dns = dnsName == null ? null : HostPort.parseUnresolved(dnsName, false);
            } catch (IllegalArgumentException e) {
                node.problem("dns", e.getMessage());
            }
        } else {
            members = members(node, weight);
        }
        Duration refresh = node.duration("refresh", Duration.ofSeconds(30), Duration.ofMillis(100));
        int distance = node.string("distance", "0").equals("auto") ? AUTO_DISTANCE
                : node.integer("distance", 0, 0, 1_000_000);
        int perEndpoint = node.integer("max-connections-per-endpoint", 0, 0, 10_000_000);
        int total = node.integer("max-connections", 0, 0, 100_000_000);
        double scaler = node.decimal("capacity-scaler", 1.0, 0.0, 1.0);
        if (scaler > 0 && scaler < 0.1) {
            node.problem("capacity-scaler", "must be 0 (drain the group) or between 0.1 and 1.0, not " + scaler);
        }
        node.rejectUnknownKeys();
        return new GroupConfig(name, members, distance, perEndpoint, total, scaler, weight, dns, refresh);
    }

    private static List<GroupConfig.Member> members(ConfigNode node, int defaultWeight) {
        List<Object> items = node.mixedList("endpoints");
        List<GroupConfig.Member> members = new ArrayList<>();
        if (items == null) {
            node.problem("endpoints", "is required");
            return members;
        }
        if (items.isEmpty()) {
            node.problem("endpoints", "is empty; a group needs at least one endpoint");
        }
        for (Object item : items) {
            String text;
            int weight = defaultWeight;
            ConfigNode itemNode = node;
            if (item instanceof ConfigNode object) {
                text = object.string("address", null);
                weight = object.integer("weight", defaultWeight, 1, 1000);
                object.rejectUnknownKeys();
                itemNode = object;
            } else {
                text = (String) item;
            }
            if (text == null) {
                continue;
            }
            try {
                members.add(new GroupConfig.Member(HostPort.parse(text, false), weight));
            } catch (IllegalArgumentException e) {
                itemNode.problem(item instanceof ConfigNode ? "address" : "endpoints", e.getMessage());
            }
        }
        return List.copyOf(members);
    }
}
