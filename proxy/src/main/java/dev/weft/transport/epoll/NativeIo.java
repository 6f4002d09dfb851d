package dev.weft.transport.epoll;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The native transport's event loops. A connection belongs to one loop for its life: an accepted socket to the
 * next loop in turn, whose thread then runs its session; a socket opened by a session to its own loop.
 */
final class NativeIo implements AutoCloseable {
    private final EventLoop[] loops;
    /** Taken once per accepted connection, not per read or write. */
    private final AtomicInteger turn = new AtomicInteger();

    NativeIo(int count) throws IOException {
        loops = new EventLoop[count];
        for (int i = 0; i < count; i++) {
            loops[i] = new EventLoop("weft-loop-" + i);
        }
    }

    /** The loop a socket opened here joins: the calling connection's own, else the next in turn. */
    EventLoop loopFor() {
        EventLoop home = EventLoop.home();
        return home != null ? home : next();
    }

    /**
     * The loop an accepted socket joins, whichever loop accepted it: connections are what spreads the work across
     * the cores. In turn, not by fd number: a proxied connection takes two numbers (four while it splices), so
     * numbers modulo the loop count would put every connection on the same loop.
     */
    EventLoop next() {
        return loops[Math.floorMod(turn.getAndIncrement(), loops.length)];
    }

    /** For the startup line: whether the loops also carry their connections' threads, which is what they are for. */
    String describe() {
        return loops.length + " event loop(s)" + (VirtualThreadHook.available() ? ""
                : ", polling only: virtual threads on the JDK scheduler (is --add-opens java.base/java.lang missing?)");
    }

    @Override
    public void close() {
        for (EventLoop loop : loops) {
            loop.close();
        }
    }
}
