package dev.weft.transport;

import dev.weft.linux.NativeIOException;

/**
 * The native transport's event loops. A connection belongs to one loop for its life: an accepted socket to the
 * loop its fd number picks, whose thread then runs its session; a socket opened by a session to its own loop.
 */
final class NativeIo implements AutoCloseable {
    private final EventLoop[] loops;

    NativeIo(int count) throws NativeIOException {
        loops = new EventLoop[count];
        for (int i = 0; i < count; i++) {
            loops[i] = new EventLoop("weft-loop-" + i);
        }
    }

    /** The loop a socket opened here joins: the calling connection's own, else one spread by fd number. */
    EventLoop loopFor(int fd) {
        EventLoop home = EventLoop.home();
        return home != null ? home : spread(fd);
    }

    /**
     * The loop an accepted socket joins, spread by fd number whichever loop accepted it: open connections are what
     * spreads the work across the cores.
     */
    EventLoop spread(int fd) {
        return loops[fd % loops.length];
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
