package dev.weft.admission;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The clients a listener's per-client limits track: their open connections and two token buckets each, keyed by
 * address (an IPv6 one cut to its prefix). Bounded: {@value #SHARDS} shards, each a map in access order that
 * forgets its least recently seen client once full, so a flood of sources costs at most the configured number of
 * entries. Each shard has its own lock, taken once per new connection and once per close, never per read or
 * write. A client forgotten while its connections were open counts afresh when it returns; those connections still
 * count themselves down on the entry they hold.
 */
final class ClientTable {
    static final int SHARDS = 64;

    /** One client, guarded by its shard's lock. */
    final class Client extends Ticket {
        private final Shard shard;
        int connections;
        long rateDue = Long.MIN_VALUE / 2;
        long handshakesDue = Long.MIN_VALUE / 2;

        private Client(Shard shard) {
            super(null);
            this.shard = shard;
        }

        @Override
        public void release() {
            synchronized (shard) {
                connections--;
            }
        }
    }

    private static final class Shard extends LinkedHashMap<Long, Client> {
        private final int capacity;

        Shard(int capacity) {
            super(16, 0.75f, true);
            this.capacity = capacity;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Client> eldest) {
            return size() > capacity;
        }
    }

    private final Shard[] shards = new Shard[SHARDS];
    private final int capacity;
    private final int ipv6Prefix;

    ClientTable(int capacity, int ipv6Prefix) {
        this.capacity = capacity;
        this.ipv6Prefix = ipv6Prefix;
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = new Shard(Math.max(1, capacity / SHARDS));
        }
    }

    int capacity() {
        return capacity;
    }

    int ipv6Prefix() {
        return ipv6Prefix;
    }

    /** Clients tracked now. */
    int size() {
        int size = 0;
        for (Shard shard : shards) {
            synchronized (shard) {
                size += shard.size();
            }
        }
        return size;
    }

    /** Runs {@code decision} on the client's entry, made if new, under its shard's lock. */
    Ticket decide(long key, Decision decision) {
        Shard shard = shards[(int) (mix(key) >>> 58)];
        synchronized (shard) {
            Client client = shard.get(key);
            if (client == null) {
                client = new Client(shard);
                shard.put(key, client);
            }
            return decision.decide(client);
        }
    }

    /** What admission does with one client's entry. */
    interface Decision {
        Ticket decide(Client client);
    }

    /** Spreads keys that differ only in their low bits (neighbouring addresses) over the shards. */
    private static long mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }
}
