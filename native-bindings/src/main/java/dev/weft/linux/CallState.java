package dev.weft.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The native memory a call needs around it: where errno is captured, room for a sockaddr, small out-parameters
 * and one epoll_event. There is one per <em>carrier</em> thread, not per virtual thread: ten thousand connections'
 * pump threads share a handful, and an idle connection pays nothing for them. That is safe because a virtual
 * thread cannot leave its carrier between a call and reading its errno: nothing in between parks. So take it with
 * {@link #current()} right before the call, and again after anything that may park.
 */
public final class CallState {
    private static final ThreadLocal<CallState> CURRENT = CarrierLocal.create();

    final MemorySegment errno;
    final MemorySegment sockaddr;
    /** Two ints: out-parameters such as a socklen_t, an option value or a pipe's two fds. */
    final MemorySegment ints;
    /** One epoll_event, for epoll_ctl. */
    final MemorySegment event;

    /** Carved from one allocation: each thread doing native I/O has one of these, so keep it small. */
    public CallState() {
        long errnoSize = align(LinuxLibc.CAPTURE_STATE_LAYOUT.byteSize());
        long sockaddrSize = align(SockAddr.MAX_SIZE);
        long intsSize = 2 * Integer.BYTES;
        MemorySegment all = Arena.ofAuto().allocate(errnoSize + sockaddrSize + intsSize + EpollEvent.SIZE, 8);
        errno = all.asSlice(0, errnoSize);
        sockaddr = all.asSlice(errnoSize, sockaddrSize);
        ints = all.asSlice(errnoSize + sockaddrSize, intsSize);
        event = all.asSlice(errnoSize + sockaddrSize + intsSize, EpollEvent.SIZE);
    }

    /** Where a call captures errno, for bindings outside this package (OpenSSL's I/O calls). */
    public MemorySegment errno() {
        return errno;
    }

    private static long align(long size) {
        return (size + 7) & ~7L;
    }

    /** The state of the thread the caller runs on: its carrier, for a virtual thread. */
    public static CallState current() {
        CallState state = CURRENT.get();
        if (state == null) {
            state = new CallState();
            CURRENT.set(state);
        }
        return state;
    }
}
