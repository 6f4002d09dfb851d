package dev.weft.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;

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
    /** One epoll_event, for epoll_ctl. */
    final MemorySegment event;
    /** The last two buffers this thread did I/O on, with their segments, so a pump's steady state allocates none. */
    private ByteBuffer lastBuffer;
    private MemorySegment lastSegment;
    private ByteBuffer previousBuffer;
    private MemorySegment previousSegment;

    public CallState() {
        Arena arena = Arena.ofAuto();
        errno = arena.allocate(LinuxLibc.CAPTURE_STATE_LAYOUT);
        sockaddr = arena.allocate(SockAddr.MAX_SIZE, 8);
        ints = arena.allocate(ValueLayout.JAVA_INT, 2);
        event = arena.allocate(EpollEvent.LAYOUT);
    }

    /** The native address of a direct buffer's first byte (not its position). */
    public long address(ByteBuffer buffer) {
        if (buffer == lastBuffer) {
            return lastSegment.address();
        }
        if (buffer == previousBuffer) {
            ByteBuffer swapBuffer = lastBuffer;
            MemorySegment swapSegment = lastSegment;
            lastBuffer = previousBuffer;
            lastSegment = previousSegment;
            previousBuffer = swapBuffer;
            previousSegment = swapSegment;
            return lastSegment.address();
        }
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("native I/O needs a direct buffer");
        }
        previousBuffer = lastBuffer;
        previousSegment = lastSegment;
        lastBuffer = buffer;
        lastSegment = MemorySegment.ofBuffer(buffer.duplicate().clear());
        return lastSegment.address();
    }

    /** The calling thread's own state. */
    public static CallState current() {
        return CURRENT.get();
    }
}
