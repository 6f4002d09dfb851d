package dev.weft.transport;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Moves bytes through user space with pooled off-heap buffers, for any transport.
 * <p>
 * Memory is the design constraint: a thread parked in read must not pin a large buffer, or ten thousand idle
 * connections cost a gigabyte. So each direction waits for data with a small buffer. Only when a read fills it,
 * which means a burst is streaming, does it borrow a bulk buffer, and only while the socket reports more bytes
 * already waiting, so a bulk read never parks. Small request/response traffic never touches the bulk pool.
 */
public final class CopyPump implements Pump {
    private final BufferPool smallBuffers;
    private final BufferPool bulkBuffers;

    public CopyPump(BufferPool smallBuffers, BufferPool bulkBuffers) {
        this.smallBuffers = smallBuffers;
        this.bulkBuffers = bulkBuffers;
    }

    @Override
    public void run(StreamConnection source, StreamConnection destination, TransferObserver observer)
            throws PumpException {
        ByteBuffer small = smallBuffers.acquire();
        try {
            while (true) {
                int n = transfer(source, small, destination, observer);
                if (n < 0) {
                    return;
                }
                if (n == small.capacity() && !copyWhileWaiting(source, destination, observer)) {
                    return;
                }
            }
        } finally {
            smallBuffers.release(small);
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
