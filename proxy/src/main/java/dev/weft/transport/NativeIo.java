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

    /** The loop a new socket joins: the calling connection's own, else one spread by fd number. */
    EventLoop loopFor(int fd) {
        EventLoop home = EventLoop.home();
        return home != null ? home : loops[fd % loops.length];
    }

    @Override
    public void close() {
        for (EventLoop loop : loops) {
            loop.close();
        }
    }
}
