package dev.weft.metrics;

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

    public void onHandshake(boolean ok, long nanos) {
        if (ok) {
            handshakesOk.increment();
            handshakeTime.record(nanos);
        } else {
            handshakesFailed.increment();
        }
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
