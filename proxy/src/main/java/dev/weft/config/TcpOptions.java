package dev.weft.config;

import java.time.Duration;

/**
 * TCP settings of one side's sockets: {@code tcp-keepalive} (probes after {@code idle} without traffic, every
 * {@code interval}, giving up after {@code count}) and {@code tcp-user-timeout} (how long sent data may stay
 * unacknowledged before the kernel drops the connection). A zero idle turns keepalive off; a zero user timeout
 * leaves the kernel's.
 */
public record TcpOptions(Duration keepAliveIdle, Duration keepAliveInterval, int keepAliveCount,
                         Duration userTimeout) {
    public static final TcpOptions NONE = new TcpOptions(Duration.ZERO, Duration.ofSeconds(75), 9, Duration.ZERO);

    public boolean keepAlive() {
        return !keepAliveIdle.isZero();
    }

    /** Whether any setting differs from the kernel's, so that a socket needs a setsockopt at all. */
    public boolean any() {
        return keepAlive() || !userTimeout.isZero();
    }
}
