package dev.weft.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HAProxy's tls-ticket-keys format: the last three keys are in use, the second-to-last encrypts. */
class TicketKeysTest {
    @TempDir
    Path dir;

    static List<byte[]> keys(int count, int size) {
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] key = new byte[size];
            key[0] = (byte) i;
            keys.add(key);
        }
        return keys;
    }

    static String lines(List<byte[]> keys) {
        StringBuilder text = new StringBuilder();
        keys.forEach(key -> text.append(Base64.getEncoder().encodeToString(key)).append('\n'));
        return text.toString();
    }

    @Test
    void theLastThreeKeysAreInUseAndTheSecondToLastEncrypts() throws IOException {
        for (int size : new int[] {TicketKeys.SIZE_128, TicketKeys.SIZE_256}) {
            List<byte[]> written = keys(5, size);
            Path file = Files.writeString(dir.resolve("keys-" + size), "# rotated daily\n\n" + lines(written));
            TicketKeys read = TicketKeys.read(file);
            assertEquals(3, read.inUse().size());
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(written.get(2 + i), read.inUse().get(i));
            }
            assertArrayEquals(written.get(3), read.inUse().get(read.encrypting()), "the second-to-last encrypts");
        }
    }

    @Test
    void everyProblemNamesTheFileAndTheLine() throws IOException {
        List<byte[]> good = keys(3, TicketKeys.SIZE_256);
        assertProblem(lines(good) + "not*base64\n", "line 4: not base64");
        assertProblem(lines(good) + Base64.getEncoder().encodeToString(new byte[32]) + "\n",
                "line 4: 32 bytes; a ticket key is 48 bytes (AES-128) or 80 (AES-256)");
        assertProblem(lines(good) + lines(keys(1, TicketKeys.SIZE_128)),
                "line 4: 48 bytes, but the keys before it have 80");
        assertProblem(lines(keys(2, TicketKeys.SIZE_128)), "2 ticket key(s); at least 3 are needed");
    }

    private void assertProblem(String content, String expected) throws IOException {
        Path file = Files.writeString(dir.resolve("bad"), content);
        IOException problem = assertThrows(IOException.class, () -> TicketKeys.read(file));
        assertTrue(problem.getMessage().startsWith(file.toString()), problem.getMessage());
        assertTrue(problem.getMessage().contains(expected), problem.getMessage());
    }

    @Test
    void ownKeysRotateOneAtATime() {
        TicketKeys first = TicketKeys.random();
        TicketKeys next = first.rotated();
        assertArrayEquals(first.inUse().get(1), next.inUse().get(0));
        assertArrayEquals(first.inUse().get(2), next.inUse().get(1));
        assertEquals(TicketKeys.SIZE_256, next.inUse().get(2).length);
    }
}
