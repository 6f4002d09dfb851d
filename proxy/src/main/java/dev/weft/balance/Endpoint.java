package dev.weft.balance;

import dev.weft.health.EndpointHealth;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One backend address: its weight within its group, live connection count, health, and counters. Connections are
 * counted against the endpoint's and the group's limits together, by {@link EndpointGroup#reserve}.
 */
public final class Endpoint {
    private final InetSocketAddress address;
    private final String label;
    private volatile int weight;
    private final EndpointHealth health;
    private final AtomicInteger active = new AtomicInteger();
    private final TrafficCounters counters = new TrafficCounters();
    private EndpointGroup group;
    /** Once the endpoint has left its backend: the System.nanoTime() after which its connections are closed. */
    private volatile long retiredDeadline;
    private volatile boolean retired;

    public Endpoint(InetSocketAddress address, String label, int weight, EndpointHealth health) {
        this.address = address;
        this.label = label;
        this.weight = weight;
        this.health = health;
    }

    /** A reload kept this endpoint, perhaps with another weight. */
    void reconfigure(int weight) {
        this.weight = weight;
    }

    void joinGroup(EndpointGroup group) {
        this.group = group;
    }

    /**
     * The endpoint left its backend (a reload, a DNS answer without it) or its group was drained (capacity scaler
     * 0): its open connections may run on for {@code draining} from the first time this was said.
     */
    synchronized void retire(Duration draining) {
        if (!retired) {
            retiredDeadline = System.nanoTime() + draining.toNanos();
            retired = true;
        }
    }

    /** A reload took the endpoint back into service (its group's scaler is no longer 0). */
    synchronized void reinstate() {
        retired = false;
    }

    /** True once retired and past its draining time: its connections are to be closed. */
    public boolean drainingExpired(long nowNanos) {
        return retired && nowNanos - retiredDeadline >= 0;
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
        return counters.connections();
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
                counters.reserved();
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
