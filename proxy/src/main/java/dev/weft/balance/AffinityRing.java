package dev.weft.balance;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Client-IP affinity by consistent hashing: each endpoint owns 100 points per unit of weight on a 64-bit ring, and
 * a client goes to the owner of the first point at or after the hash of its address. Adding or removing one of N
 * endpoints moves only the clients of the points it gains or loses, about 1/N of them. Immutable; lookups
 * allocate nothing.
 */
final class AffinityRing {
    private static final int POINTS_PER_WEIGHT = 100;

    private final long[] points;
    private final Endpoint[] owners;

    AffinityRing(List<Endpoint> endpoints) {
        int count = endpoints.stream().mapToInt(e -> e.configuredWeight() * POINTS_PER_WEIGHT).sum();
        long[] hashes = new long[count];
        Endpoint[] byIndex = new Endpoint[count];
        int i = 0;
        for (Endpoint endpoint : endpoints) {
            byte[] name = endpoint.address().toString().getBytes(StandardCharsets.UTF_8);
            for (int point = 0; point < endpoint.configuredWeight() * POINTS_PER_WEIGHT; point++) {
                hashes[i] = hash(name, point);
                byIndex[i] = endpoint;
                i++;
            }
        }
        Integer[] order = new Integer[count];
        for (int k = 0; k < count; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> Long.compareUnsigned(hashes[a], hashes[b]));
        points = new long[count];
        owners = new Endpoint[count];
        for (int k = 0; k < count; k++) {
            points[k] = hashes[order[k]];
            owners[k] = byIndex[order[k]];
        }
    }

    /** The endpoint {@code client} belongs to, healthy or not; null for an empty ring. */
    Endpoint owner(InetAddress client) {
        if (points.length == 0) {
            return null;
        }
        long h = hash(client.getAddress(), 0);
        int low = 0;
        int high = points.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (Long.compareUnsigned(points[middle], h) < 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return owners[low == points.length ? 0 : low];
    }

    /** FNV-1a over the bytes and the salt, then MurmurHash3's finalizer, so that nearby inputs spread widely. */
    static long hash(byte[] bytes, int salt) {
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h = (h ^ salt) * 0x100000001b3L;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
