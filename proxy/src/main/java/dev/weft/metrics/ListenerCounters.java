package dev.weft.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one listener has done, for {@code /metrics}: clients accepted, refused for want of a backend with room,
 * TLS handshakes that completed or failed (and how long the completed ones took), and bytes each way over closed
 * connections. {@link LongAdder}s, so the acceptor and the sessions add without contending or locking. One per
 * listener, kept across reloads.
 */
public final class ListenerCounters {
    private final LongAdder accepted = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder handshakesOk = new LongAdder();
    private final LongAdder handshakesFailed = new LongAdder();
    private final Map<String, LongAdder> failuresByReason = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> limitedByReason = new ConcurrentHashMap<>();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LatencyHistogram handshakeTime = new LatencyHistogram();
    private final LongAdder threads = new LongAdder();

    /** A session's virtual thread started ({@code +1}) or ended ({@code -1}). */
    public void onThread(int delta) {
        threads.add(delta);
    }

    /** The listener's sessions' virtual threads alive now. */
    public long threads() {
        return threads.sum();
    }

    public void onAccepted() {
        accepted.increment();
    }

    public void onRefused() {
        refused.increment();
    }

    public void onHandshake(long nanos) {
        handshakesOk.increment();
        handshakeTime.record(nanos);
    }

    /** @param reason a bounded label, such as "timeout" or "no-client-certificate" */
    public void onHandshakeFailed(String reason) {
        handshakesFailed.increment();
        failuresByReason.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    /** @param reason a bounded label: why admission refused a client */
    public void onLimited(String reason) {
        limitedByReason.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    /** Clients admission refused, by reason. */
    public Map<String, Long> limited() {
        Map<String, Long> counts = new TreeMap<>();
        limitedByReason.forEach((reason, count) -> counts.put(reason, count.sum()));
        return counts;
    }

    /** Failed handshakes by reason, for the labels of the metric. */
    public Map<String, Long> handshakeFailures() {
        Map<String, Long> counts = new TreeMap<>();
        failuresByReason.forEach((reason, count) -> counts.put(reason, count.sum()));
        return counts;
    }

    public void onClosed(long in, long out) {
        bytesIn.add(in);
        bytesOut.add(out);
    }

    public long accepted() {
        return accepted.sum();
    }

    public long refused() {
        return refused.sum();
    }

    public long handshakesOk() {
        return handshakesOk.sum();
    }

    public long handshakesFailed() {
        return handshakesFailed.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    public LatencyHistogram handshakeTime() {
        return handshakeTime;
    }
}
