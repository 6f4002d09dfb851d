package dev.weft.transport;

/**
 * Brings a session's two pumps to a stop together, each at a moment it holds no byte (waiting to read, its buffer
 * given back), so that both sockets can move to another process with nothing lost. The first pump to get there
 * waits for the second; when both have, both stop ({@link DetachedException}). If one direction ends or fails
 * instead, {@link #cancel} lets the waiting one go on as before. Once per session; never on the hot path.
 */
public final class Detach {
    private static final int WAITING = 0;
    private static final int DONE = 1;
    private static final int CANCELLED = 2;

    private int arrived;
    private int state = WAITING;

    /**
     * A pump has reached a point where it holds nothing: waits for the other one.
     *
     * @return true when both got there (stop now), false when the detach was cancelled (go on)
     */
    public synchronized boolean arrive() {
        if (state != WAITING) {
            return state == DONE;
        }
        if (++arrived == 2) {
            state = DONE;
            notifyAll();
            return true;
        }
        while (state == WAITING) {
            try {
                wait();
            } catch (InterruptedException e) {
                state = CANCELLED;
                Thread.currentThread().interrupt();
            }
        }
        return state == DONE;
    }

    /** The session cannot move any more (a direction ended, it closed): the waiting pump goes on. */
    public synchronized void cancel() {
        if (state == WAITING) {
            state = CANCELLED;
            notifyAll();
        }
    }

    public synchronized boolean cancelled() {
        return state == CANCELLED;
    }
}
