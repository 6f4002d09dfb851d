package dev.weft.linux;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Calls in flight on a resource, and a close that frees the resource only once the last of them has left, kept in
 * one word changed only by compare-and-set:
 * <pre>
 *  31                                 3   2        1          0
 * +------------------------------------+--------+----------+----------+
 * | calls in flight (acquire..release) | CLOSED | flag B   | flag A   |
 * +------------------------------------+--------+----------+----------+
 * </pre>
 * Two flags are the owner's to use (a socket's shut directions, say). Whoever is told to free the resource, the
 * closer when nothing is in flight or else the last call to leave, does it exactly once.
 */
public final class CallGate {
    public static final int FLAG_A = 1;
    public static final int FLAG_B = 1 << 1;
    private static final int CLOSED = 1 << 2;
    private static final int ONE_CALL = 1 << 3;

    private static final VarHandle STATE;
    private static final VarHandle FREED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(CallGate.class, "state", int.class);
            FREED = lookup.findVarHandle(CallGate.class, "freed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // Fields with VarHandles rather than two Atomic objects: a gate per socket, two per proxied connection.
    private volatile int state;
    /** Set by whoever frees, so that it happens once even if close and release race. */
    private volatile boolean freed;

    public boolean isOpen() {
        return (state & CLOSED) == 0;
    }

    /** True once {@code flag} is set, or the gate is closed. */
    public boolean isSetOrClosed(int flag) {
        return (state & (flag | CLOSED)) != 0;
    }

    /** Sets a flag; true only for the caller that changed it. False once closed. */
    public boolean mark(int flag) {
        while (true) {
            int current = state;
            if ((current & (flag | CLOSED)) != 0) {
                return false;
            }
            if (STATE.compareAndSet(this, current, current | flag)) {
                return true;
            }
        }
    }

    /** Before a call on the resource: false once closed, and then the call must not be made. */
    public boolean acquire() {
        while (true) {
            int current = state;
            if ((current & CLOSED) != 0) {
                return false;
            }
            if (STATE.compareAndSet(this, current, current + ONE_CALL)) {
                return true;
            }
        }
    }

    /** After a call; true when the caller was the last to leave a closed gate and must now free the resource. */
    public boolean release() {
        int now = (int) STATE.getAndAdd(this, -ONE_CALL) - ONE_CALL;
        return (now & CLOSED) != 0 && now >>> 3 == 0 && FREED.compareAndSet(this, false, true);
    }

    /**
     * Closes once. {@code beforeFree} runs first, and only for the one caller that wins; every other call returns
     * false and touches nothing.
     *
     * @return true if this call closed the gate; the resource is then freed by {@code free}, now or by the last
     *         call in flight through {@link #release()}
     */
    public boolean close(Runnable beforeFree, Runnable free) {
        if (!mark(CLOSED)) {
            return false;
        }
        beforeFree.run();
        if (state >>> 3 == 0 && FREED.compareAndSet(this, false, true)) {
            free.run();
        }
        return true;
    }
}
