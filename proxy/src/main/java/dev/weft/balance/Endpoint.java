package dev.weft.balance;

import dev.weft.health.EndpointHealth;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/** One backend address, with its live connection count and health. */
public final class Endpoint {
    private final InetSocketAddress address;
    private final String label;
    private final EndpointHealth health;
    private final AtomicInteger active = new AtomicInteger();

    public Endpoint(InetSocketAddress address, String label, EndpointHealth health) {
        this.address = address;
        this.label = label;
        this.health = health;
    }

    public InetSocketAddress address() {
        return address;
    }

    public EndpointHealth health() {
        return health;
    }

    /** Connections being opened or open to this endpoint; least-connections counts connects in flight too. */
    public int active() {
        return active.get();
    }

    void acquire() {
        active.incrementAndGet();
    }

    void release() {
        active.decrementAndGet();
    }

    @Override
    public String toString() {
        return label;
    }
}
