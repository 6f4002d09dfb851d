package dev.weft.linux;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * The native addresses of the last two direct buffers one thread did I/O with. A pump reads into the same one or
 * two pooled buffers over and over, so looking the address up allocates nothing in steady state; a new buffer costs
 * one segment. Not thread-safe: one per reading or writing side of a connection.
 */
public final class BufferAddresses {
    private ByteBuffer last;
    private long lastAddress;
    private ByteBuffer previous;
    private long previousAddress;

    /** The address of {@code buffer}'s first byte (not its position). */
    public long of(ByteBuffer buffer) {
        if (buffer == last) {
            return lastAddress;
        }
        if (buffer == previous) {
            previous = last;
            last = buffer;
            long address = previousAddress;
            previousAddress = lastAddress;
            lastAddress = address;
            return address;
        }
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("native I/O needs a direct buffer");
        }
        previous = last;
        previousAddress = lastAddress;
        last = buffer;
        lastAddress = MemorySegment.ofBuffer(buffer.duplicate().clear()).address();
        return lastAddress;
    }
}
