package dev.weft.transport.epoll;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The deadlines of timed waits (connects) on one event loop's sockets, soonest first. Only the loop's own thread
 * touches it: the waiting virtual threads run on that thread, and so does the loop that bounds its
 * {@code epoll_wait} by the soonest deadline and wakes the waiters whose time is up. So a connect's timeout costs no
 * timer task on the JDK's shared scheduler, whose queue has one lock for every connection and whose thread would
 * then wake the loop from another core; HAProxy keeps per-thread timers for the same reason.
 */
final class Deadlines {
    private final PriorityQueue<NativeSocket> waits = new PriorityQueue<>(
            Comparator.comparingLong(NativeSocket::deadline));

    /** {@code socket} waits until its {@link NativeSocket#deadline} at most, which must not change meanwhile. */
    void add(NativeSocket socket) {
        waits.add(socket);
    }

    /** The wait ended before its deadline; linear in the waits in progress, which are few (connects under way). */
    void remove(NativeSocket socket) {
        waits.remove(socket);
    }

    /** Milliseconds until the soonest deadline, rounded up, for epoll_wait; -1 when nothing waits. */
    int millisToNext(long now) {
        NativeSocket next = waits.peek();
        if (next == null) {
            return -1;
        }
        long left = next.deadline() - now;
        return left <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000);
    }

    /** Wakes every waiter whose deadline has come, which then finds itself timed out. */
    void expire(long now) {
        NativeSocket next;
        while ((next = waits.peek()) != null && next.deadline() - now <= 0) {
            waits.poll().deadlinePassed();
        }
    }

    boolean isEmpty() {
        return waits.isEmpty();
    }
}
