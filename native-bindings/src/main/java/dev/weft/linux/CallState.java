package dev.weft.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The native memory one thread needs around a call: where errno is captured, room for a sockaddr and for small
 * out-parameters. A connection's pump owns one, so its reads, writes and splices allocate nothing; code that is
 * not on a hot path uses {@link #current()}.
 */
public final class CallState {
    private static final ThreadLocal<CallState> CURRENT = ThreadLocal.withInitial(CallState::new);

    final MemorySegment errno;
    final MemorySegment sockaddr;
    /** Two ints: out-parameters such as a socklen_t, an option value or a pipe's two fds. */
    final MemorySegment ints;

    public CallState() {
        Arena arena = Arena.ofAuto();
        errno = arena.allocate(LinuxLibc.CAPTURE_STATE_LAYOUT);
        sockaddr = arena.allocate(SockAddr.MAX_SIZE, 8);
        ints = arena.allocate(ValueLayout.JAVA_INT, 2);
    }

    /** The calling thread's own state. */
    public static CallState current() {
        return CURRENT.get();
    }
}
