package dev.weft.balance;

import java.util.concurrent.atomic.LongAdder;

/**
 * What went through an endpoint or a group: connections, failed connects, and bytes each way over closed
 * connections. Each is
 * a {@link LongAdder}, so connections on different carriers add without contending.
 */
public final class TrafficCounters {
    private final LongAdder connections = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();

    /** Connections ever reserved, failed connects included. */
    public long connections() {
        return connections.sum();
    }

    /** Connects that failed. */
    public long failures() {
        return failures.sum();
    }

    /** Bytes from clients to the endpoints, over closed connections. */
    public long bytesIn() {
        return bytesIn.sum();
    }

    /** Bytes from the endpoints to clients, over closed connections. */
    public long bytesOut() {
        return bytesOut.sum();
    }

    void reserved() {
        connections.increment();
    }

    void connectFailed() {
        failures.increment();
    }

    void closed(long in, long out) {
        bytesIn.add(in);
        bytesOut.add(out);
    }
}
