package dev.weft.balance;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The endpoint states and weights set at runtime, by backend and address, for the life of the process: a reload
 * or a DNS answer that builds an endpoint anew gives it what the operator set for that address, so runtime changes
 * outlive the objects they were made on. An endpoint back at {@code ready} with its configured weight has no entry.
 * Read when an endpoint is built, written by the runtime API; never touched per connection.
 */
public final class RuntimeOverrides {
    /** The state and, when set, the weight (else {@link #CONFIGURED}) of one endpoint. */
    public record Override(EndpointState state, int weight) {
        public static final int CONFIGURED = -1;

        boolean isDefault() {
            return state == EndpointState.READY && weight == CONFIGURED;
        }
    }

    /** One endpoint of one backend. */
    public record Key(String backend, InetSocketAddress address) {
    }

    private final Map<Key, Override> entries = new ConcurrentHashMap<>();

    public Override get(String backend, InetSocketAddress address) {
        return entries.get(new Key(backend, address));
    }

    /** Records {@code override} for the endpoint, or forgets it if it is the default. */
    public void put(String backend, InetSocketAddress address, Override override) {
        Key key = new Key(backend, address);
        if (override.isDefault()) {
            entries.remove(key);
        } else {
            entries.put(key, override);
        }
    }

    public void remove(Key key) {
        entries.remove(key);
    }

    /** Every entry now, in no particular order. */
    public Map<Key, Override> entries() {
        return Map.copyOf(entries);
    }

    /** Gives {@code endpoint} what was set for its address, if anything. */
    void applyTo(String backend, Endpoint endpoint) {
        Override override = get(backend, endpoint.address());
        if (override != null) {
            endpoint.setState(override.state());
            endpoint.setRuntimeWeight(override.weight());
        }
    }
}
