package dev.weft.config;

import java.util.ArrayList;
import java.util.List;

/** Reads a listener's {@code access} and {@code limits} blocks. */
final class AdmissionConfigReader {
    private AdmissionConfigReader() {
    }

    static AccessConfig access(ConfigNode node) {
        if (!node.has("access")) {
            return AccessConfig.OPEN;
        }
        ConfigNode access = node.child("access");
        AccessConfig config = new AccessConfig(blocks(access, "allow"), blocks(access, "deny"));
        access.rejectUnknownKeys();
        return config;
    }

    private static List<CidrBlock> blocks(ConfigNode node, String key) {
        List<CidrBlock> blocks = new ArrayList<>();
        for (String text : node.stringList(key, false)) {
            try {
                blocks.add(CidrBlock.parse(text.strip()));
            } catch (IllegalArgumentException e) {
                node.problem(key, e.getMessage());
            }
        }
        return List.copyOf(blocks);
    }

    static LimitsConfig limits(ConfigNode node) {
        if (!node.has("limits")) {
            return LimitsConfig.NONE;
        }
        ConfigNode limits = node.child("limits");
        RateLimit connections = rate(limits, "new-connections");
        RateLimit handshakes = rate(limits, "handshakes");
        ConfigNode client = limits.child("per-client");
        int clientConnections = client.integer("connections", 0, 0, 10_000_000);
        RateLimit clientRate = rate(client, "new-connections");
        RateLimit clientHandshakes = rate(client, "handshakes");
        client.rejectUnknownKeys();
        int tracked = limits.integer("tracked-clients", LimitsConfig.NONE.trackedClients(), 64, 100_000_000);
        int prefix = limits.integer("ipv6-prefix", LimitsConfig.NONE.ipv6Prefix(), 32, 64);
        limits.rejectUnknownKeys();
        return new LimitsConfig(connections, handshakes, clientConnections, clientRate, clientHandshakes, tracked,
                prefix);
    }

    /** {@code <what>-per-second} and {@code <what>-burst}, the burst one second's worth unless given. */
    private static RateLimit rate(ConfigNode node, String what) {
        double perSecond = node.decimal(what + "-per-second", 0, 0, 10_000_000);
        int burst = node.integer(what + "-burst", (int) Math.max(1, Math.ceil(perSecond)), 1, 100_000_000);
        return perSecond == 0 ? RateLimit.OFF : new RateLimit(perSecond, burst);
    }
}
