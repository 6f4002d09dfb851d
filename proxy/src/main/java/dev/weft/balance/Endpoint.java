package dev.weft.balance;

import dev.weft.health.EndpointHealth;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One backend address: its weight within its group, live connection count, health, and counters. Connections are
 * counted against the endpoint's and the group's limits together, by {@link EndpointGroup#reserve}.
 */
public final class Endpoint {
    private final InetSocketAddress address;
    private final String label;
    private final int weight;
    private final EndpointHealth health;
    private final AtomicInteger active = new AtomicInteger();
    private final LongAdder total = new LongAdder();
    private final TrafficCounters counters = new TrafficCounters();
    private EndpointGroup group;

    public Endpoint(InetSocketAddress address, String label, int weight, EndpointHealth health) {
        this.address = address;
        this.label = label;
        this.weight = weight;
        this.health = health;
    }

    void joinGroup(EndpointGroup group) {
        this.group = group;
    }

    public InetSocketAddress address() {
        return address;
    }

    public EndpointHealth health() {
        return health;
    }

    public int weight() {
        return weight;
    }

    public EndpointGroup group() {
        return group;
    }

    /** Connections being opened or open to this endpoint; least-connections counts connects in flight too. */
    public int active() {
        return active.get();
    }

    /** Connections ever reserved on this endpoint. */
    public long total() {
        return total.sum();
    }

    /** Failed connects and bytes each way. */
    public TrafficCounters counters() {
        return counters;
    }

    /** Counts one connection if that keeps this endpoint within {@code limit} (0: none); false otherwise. */
    boolean tryAcquire(int limit) {
        while (true) {
            int current = active.get();
            if (limit > 0 && current >= limit) {
                return false;
            }
            if (active.compareAndSet(current, current + 1)) {
                total.increment();
                return true;
            }
        }
    }

    /** Ends a connection reserved by {@link EndpointGroup#reserve}, with the bytes it moved each way. */
    public void release(long in, long out) {
        active.decrementAndGet();
        counters.closed(in, out);
        group.released(in, out);
    }

    void connectFailed() {
        counters.connectFailed();
        group.counters().connectFailed();
    }

    void undo() {
        active.decrementAndGet();
    }

    @Override
    public String toString() {
        return label;
    }
}
