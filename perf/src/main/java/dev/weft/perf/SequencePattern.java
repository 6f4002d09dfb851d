package dev.weft.perf;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * The bytes every scenario sends: a fixed 64 KiB pseudo-random block repeated, so the byte at stream offset
 * {@code n} is always {@code BLOCK[n mod 64 KiB]}. Any receiver can check any chunk by its offset alone, without
 * keeping what was sent; a dropped, duplicated, reordered or flipped byte shows as a mismatch.
 */
final class SequencePattern {
    static final int BLOCK_SIZE = 64 * 1024;
    private static final ByteBuffer BLOCK;

    static {
        byte[] bytes = new byte[BLOCK_SIZE];
        new SplittableRandom(0x5EEDL).nextBytes(bytes);
        BLOCK = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    private SequencePattern() {
    }

    /** Fills {@code buffer} from its position to its limit with the pattern starting at {@code offset}. */
    static void fill(ByteBuffer buffer, long offset) {
        while (buffer.hasRemaining()) {
            int at = (int) (offset % BLOCK_SIZE);
            int n = Math.min(buffer.remaining(), BLOCK_SIZE - at);
            buffer.put(BLOCK.slice(at, n));
            offset += n;
        }
    }

    /**
     * Checks the bytes between {@code buffer}'s position and limit against the pattern at {@code offset}, leaving
     * the position unchanged.
     *
     * @throws CorruptionException naming the first wrong offset
     */
    static void verify(ByteBuffer buffer, long offset) throws CorruptionException {
        int position = buffer.position();
        int end = buffer.limit();
        while (position < end) {
            int at = (int) (offset % BLOCK_SIZE);
            int n = Math.min(end - position, BLOCK_SIZE - at);
            int mismatch = buffer.slice(position, n).mismatch(BLOCK.slice(at, n));
            if (mismatch >= 0) {
                throw new CorruptionException("byte " + (offset + mismatch) + " of the stream differs from what was"
                        + " sent");
            }
            position += n;
            offset += n;
        }
    }
}
