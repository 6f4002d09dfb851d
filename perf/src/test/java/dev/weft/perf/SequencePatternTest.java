package dev.weft.perf;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class SequencePatternTest {

    @Test
    void whatIsFilledAtAnOffsetVerifiesAtThatOffsetAcrossTheBlockBoundary() {
        long offset = SequencePattern.BLOCK_SIZE - 100;
        ByteBuffer buffer = ByteBuffer.allocate(1000);
        SequencePattern.fill(buffer, offset);
        buffer.flip();
        assertDoesNotThrow(() -> SequencePattern.verify(buffer, offset));
        assertEquals(0, buffer.position(), "verify leaves the position alone");
    }

    @Test
    void aFlippedByteIsReportedAtItsStreamOffset() {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        SequencePattern.fill(buffer, 70_000);
        buffer.put(1234, (byte) (buffer.get(1234) ^ 1)).flip();
        CorruptionException e = assertThrows(CorruptionException.class,
                () -> SequencePattern.verify(buffer, 70_000));
        assertTrue(e.getMessage().startsWith("byte 71234 "), e.getMessage());
    }

    @Test
    void bytesAtTheWrongOffsetFail() {
        ByteBuffer buffer = ByteBuffer.allocate(512);
        SequencePattern.fill(buffer, 0);
        buffer.flip();
        assertThrows(CorruptionException.class, () -> SequencePattern.verify(buffer, 1), "a dropped byte shifts");
    }
}
