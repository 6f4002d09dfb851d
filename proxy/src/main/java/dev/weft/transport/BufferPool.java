package dev.weft.transport;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;

/**
 * Fixed-size off-heap buffers, carved from larger direct slabs and handed out through a lock-free queue.
 * Allocating a direct buffer per connection is slow (it zeroes memory, reserves through {@code Bits} and is freed
 * by the GC), so buffers are made once and reused. Acquire and release are one CAS each and allocate nothing.
 * <p>
 * The pool grows a slab at a time when empty and never shrinks; a buffer released into a full queue is dropped and
 * its memory returns when its whole slab is unreachable.
 */
public final class BufferPool {
    private static final int SLAB_BYTES = 1 << 20;

    private final int bufferSize;
    private final int buffersPerSlab;
    private final ManyToManyConcurrentArrayQueue<ByteBuffer> free;
    private final AtomicLong allocated = new AtomicLong();

    /**
     * @param bufferSize bytes per buffer
     * @param capacity   buffers kept for reuse, rounded up to a power of two
     */
    public BufferPool(int bufferSize, int capacity) {
        this.bufferSize = bufferSize;
        this.buffersPerSlab = Math.max(1, SLAB_BYTES / bufferSize);
        this.free = new ManyToManyConcurrentArrayQueue<>(capacity);
    }

    public int bufferSize() {
        return bufferSize;
    }

    /** A cleared buffer of {@link #bufferSize()} bytes; hand it back with {@link #release(ByteBuffer)}. */
    public ByteBuffer acquire() {
        ByteBuffer buffer = free.poll();
        return buffer != null ? buffer : grow();
    }

    public void release(ByteBuffer buffer) {
        buffer.clear();
        free.offer(buffer);
    }

    /** Buffers waiting in the pool. */
    public int available() {
        return free.size();
    }

    /** Buffers made so far, in the pool or out of it. */
    public long allocated() {
        return allocated.get();
    }

    private ByteBuffer grow() {
        ByteBuffer slab = ByteBuffer.allocateDirect(bufferSize * buffersPerSlab);
        allocated.addAndGet(buffersPerSlab);
        for (int i = 1; i < buffersPerSlab; i++) {
            free.offer(slab.slice(i * bufferSize, bufferSize));
        }
        return slab.slice(0, bufferSize);
    }
}
