package dev.weft.transport;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Moves bytes through user space with pooled off-heap buffers, for any transport.
 * <p>
 * Memory is the design constraint: a thread parked in read must not pin a buffer, or ten thousand idle
 * connections cost megabytes for nothing. So a direction waits for data with no buffer at all
 * ({@link StreamConnection#awaitReadable}), then borrows a small one for the read and the write, and gives it back
 * once a read comes up short (the socket is empty) or a burst has moved all that was waiting. Only when a read
 * fills the small buffer, which means a burst is streaming, does it go on with a bulk buffer, and only while the
 * socket reports more bytes already waiting, so a bulk read never parks. Small request/response traffic never touches the bulk pool.
 */
public final class CopyPump implements Pump {
    /** What a pump does once a read fills its small buffer: moves the rest of the burst; false at end of stream. */
    @FunctionalInterface
    public interface Burst {
        boolean move(StreamConnection source, StreamConnection destination, TransferObserver observer)
                throws PumpException;
    }

    private final BufferPool smallBuffers;
    private final BufferPool bulkBuffers;
    private final Burst copy = this::copyWhileWaiting;

    public CopyPump(BufferPool smallBuffers, BufferPool bulkBuffers) {
        this.smallBuffers = smallBuffers;
        this.bulkBuffers = bulkBuffers;
    }

    @Override
    public void run(StreamConnection source, StreamConnection destination, TransferObserver observer)
            throws PumpException {
        run(source, destination, observer, copy);
    }

    /**
     * The small-message loop every pump shares: waits with no buffer, moves one read with a small one, and hands a
     * read that filled it to {@code burst}.
     */
    public void run(StreamConnection source, StreamConnection destination, TransferObserver observer, Burst burst)
            throws PumpException {
        ByteBuffer small = null;
        try {
            while (true) {
                if (small == null) {
                    try {
                        source.awaitReadable();
                    } catch (IOException e) {
                        throw PumpException.reading(e);
                    }
                    small = smallBuffers.acquire();
                }
                int n = transfer(source, small, destination, observer);
                if (n < 0) {
                    return;
                }
                if (n == small.capacity() && !burst.move(source, destination, observer)) {
                    return;
                }
                // A short read, or a burst that moved all that was waiting: the socket is (nearly) empty, and the
                // next wait must hold no buffer.
                smallBuffers.release(small);
                small = null;
            }
        } finally {
            if (small != null) {
                smallBuffers.release(small);
            }
        }
    }

    /**
     * Copies through a bulk buffer while the source reports bytes already waiting, so no bulk read parks, and
     * gives the buffer back after; false at the source's end of stream.
     */
    public boolean copyWhileWaiting(StreamConnection source, StreamConnection destination, TransferObserver observer)
            throws PumpException {
        ByteBuffer bulk = null;
        try {
            while (waiting(source) > 0) {
                if (bulk == null) {
                    bulk = bulkBuffers.acquire();
                }
                // Whether the read filled the buffer says nothing over TLS, where a read ends at a record
                // boundary: only what is still waiting decides whether the burst goes on.
                if (transfer(source, bulk, destination, observer) < 0) {
                    return false;
                }
            }
            return true;
        } finally {
            if (bulk != null) {
                bulkBuffers.release(bulk);
            }
        }
    }

    /** One read into the empty {@code buffer} and a write of all of it; returns the bytes read, -1 at the end. */
    public static int transfer(StreamConnection source, ByteBuffer buffer, StreamConnection destination,
                                TransferObserver observer) throws PumpException {
        int n;
        try {
            n = source.read(buffer);
        } catch (IOException e) {
            throw PumpException.reading(e);
        }
        if (n > 0) {
            observer.transferred(n);
            buffer.flip();
            try {
                destination.write(buffer);
            } catch (IOException e) {
                throw PumpException.writing(e);
            }
        }
        buffer.clear();
        return n;
    }

    private static int waiting(StreamConnection source) throws PumpException {
        try {
            return source.available();
        } catch (IOException e) {
            throw PumpException.reading(e);
        }
    }
}
