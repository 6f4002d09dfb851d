package dev.weft.config;

import java.time.Duration;

/** Reads the TCP socket settings of a listener or backend, and a backend's connection lifetime and endpoint policy. */
final class ConnectionConfigReader {
    private ConnectionConfigReader() {
    }

    static TcpOptions tcp(ConfigNode node) {
        ConfigNode keepAlive = node.child("tcp-keepalive");
        Duration idle = wholeSeconds(keepAlive, "idle", keepAlive.duration("idle", Duration.ZERO, Duration.ZERO));
        Duration interval = wholeSeconds(keepAlive, "interval", keepAlive.duration("interval",
                TcpOptions.NONE.keepAliveInterval(), Duration.ofSeconds(1)));
        int count = keepAlive.integer("count", TcpOptions.NONE.keepAliveCount(), 1, 127);
        keepAlive.rejectUnknownKeys();
        Duration userTimeout = node.duration("tcp-user-timeout", Duration.ZERO, Duration.ZERO);
        if (userTimeout.toMillis() > Integer.MAX_VALUE) {
            node.problem("tcp-user-timeout", "must be at most " + Integer.MAX_VALUE + "ms");
        }
        return new TcpOptions(idle, interval, count, userTimeout);
    }

    /** The kernel takes keepalive times in whole seconds, 1 to 32767. */
    private static Duration wholeSeconds(ConfigNode node, String key, Duration value) {
        if (value.toNanos() % 1_000_000_000L != 0 || value.toSeconds() > 32_767) {
            node.problem(key, "must be whole seconds, at most 32767s, as the kernel takes it");
        }
        return value;
    }

    static ConnectionLifetime lifetime(ConfigNode node) {
        Duration max = node.duration("max-connection-lifetime", Duration.ZERO, Duration.ZERO);
        Duration jitter = node.duration("max-connection-lifetime-jitter", Duration.ZERO, Duration.ZERO);
        if (max.isZero() && !jitter.isZero()) {
            node.problem("max-connection-lifetime-jitter", "needs max-connection-lifetime");
        }
        Duration halfClosed = node.duration("half-closed-timeout", Duration.ZERO, Duration.ZERO);
        return new ConnectionLifetime(max, jitter, halfClosed);
    }

    static EndpointPolicy endpointPolicy(ConfigNode node) {
        Duration slowStart = node.duration("slow-start", Duration.ZERO, Duration.ZERO);
        if (slowStart.compareTo(Duration.ofHours(1)) > 0) {
            node.problem("slow-start", "must be at most 3600s, not " + slowStart.toSeconds() + "s");
        }
        return new EndpointPolicy(slowStart, node.choice("on-marked-down", OnMarkedDown.NONE));
    }
}
