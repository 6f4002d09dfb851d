package dev.weft.balance;

import dev.weft.health.EndpointHealth;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One backend address: its weight within its group, live connection count, health, and counters. Connections are
 * counted against the endpoint's and the group's limits together, by {@link EndpointGroup#reserve}. Besides its
 * health, an operator's {@link EndpointState} and runtime weight decide whether it takes new connections; a
 * backend's {@code slow-start} ramps the weight of one that just came back up or back to ready.
 */
public final class Endpoint {
    private final InetSocketAddress address;
    private final String label;
    private volatile int configuredWeight;
    /** Set at runtime, or {@link RuntimeOverrides.Override#CONFIGURED}; 0 takes no new connections. */
    private volatile int runtimeWeight = RuntimeOverrides.Override.CONFIGURED;
    private volatile EndpointState state = EndpointState.READY;
    /** When the state last became READY, as System.nanoTime(); 0 if it always was. */
    private volatile long readySinceNanos;
    /** The backend's {@code slow-start}, in nanoseconds; 0 for none. */
    private volatile long slowStartNanos;
    /** The backend's {@code on-marked-down = shutdown-sessions}. */
    private volatile boolean shutdownSessionsWhenDown;
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
        this.configuredWeight = weight;
        this.health = health;
    }

    /** A reload kept this endpoint, perhaps with another weight. */
    void reconfigure(int weight) {
        this.configuredWeight = weight;
    }

    /** The backend's settings for what happens around health changes; set when the backend is built. */
    void policies(long slowStartNanos, boolean shutdownSessionsWhenDown) {
        this.slowStartNanos = slowStartNanos;
        this.shutdownSessionsWhenDown = shutdownSessionsWhenDown;
    }

    /** The operator's state for this endpoint; a change to READY starts a slow start. */
    public void setState(EndpointState next) {
        if (next == EndpointState.READY && state != EndpointState.READY) {
            readySinceNanos = System.nanoTime();
        }
        state = next;
    }

    public EndpointState state() {
        return state;
    }

    /** Overrides the configured weight (0 to 1000), or goes back to it with {@code CONFIGURED}. */
    public void setRuntimeWeight(int weight) {
        runtimeWeight = weight;
    }

    /** The weight the operator set, or {@link RuntimeOverrides.Override#CONFIGURED}. */
    public int runtimeWeight() {
        return runtimeWeight;
    }

    public int configuredWeight() {
        return configuredWeight;
    }

    /**
     * True when the endpoint may take a new connection: READY, healthy, and with a weight above 0. Limits are
     * the group's to check.
     */
    public boolean takesNew() {
        return state == EndpointState.READY && health.isUp() && runtimeWeight != 0;
    }

    /**
     * True when its sessions are to be ended because health checks marked it down, with the backend's
     * {@code on-marked-down = shutdown-sessions}; a passive ejection does not count.
     */
    public boolean sessionsEndWhenDown() {
        return shutdownSessionsWhenDown && health.markedDown();
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

    /**
     * The weight new connections are spread by: the runtime one if set, else the configured one, ramped up from
     * a tenth during the backend's {@code slow-start} after the endpoint came back (never below 1).
     */
    public int weight() {
        int set = runtimeWeight;
        int weight = set == RuntimeOverrides.Override.CONFIGURED ? configuredWeight : set;
        long slowStart = slowStartNanos;
        if (slowStart == 0 || weight == 0) {
            return weight;
        }
        long since = Math.max(readySinceNanos, health.upSinceNanos());
        if (since == 0) {
            return weight;
        }
        long elapsed = System.nanoTime() - since;
        if (elapsed >= slowStart || elapsed < 0) {
            return weight;
        }
        return (int) Math.max(1, weight * (slowStart / 10 + elapsed * 9 / 10) / slowStart);
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

    /** Counts a connection another process made and handed over, whatever the limits say. */
    void adopted() {
        active.incrementAndGet();
        counters.reserved();
        group.adopted();
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
