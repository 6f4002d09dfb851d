package dev.weft.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Datagrams to a real Unix datagram socket, by path and in the abstract namespace, as sd_notify sends them. */
class UnixDatagramTest {
    @TempDir
    Path dir;

    /** Binds a datagram socket at {@code path}, sends to it, and returns what arrived. */
    private static String roundTrip(String path, String message) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(LinuxLibc.CAPTURE_STATE_LAYOUT);
            int fd = (int) Errors.check("socket", LinuxLibc.socket(errno, LinuxLibc.AF_UNIX,
                    LinuxLibc.SOCK_DGRAM | LinuxLibc.SOCK_CLOEXEC, 0), errno);
            try {
                MemorySegment address = arena.allocate(UnixDatagram.ADDRESS_SIZE, 2);
                int length = UnixDatagram.writeAddress(path, address);
                Errors.check("bind", LinuxLibc.bind(errno, fd, address, length), errno);
                UnixDatagram.send(path, message.getBytes(StandardCharsets.UTF_8));
                MemorySegment buffer = arena.allocate(4096);
                // Sent before the read: a blocking read of one datagram returns at once.
                long got = Errors.check("read", LinuxLibc.read(errno, fd, buffer, buffer.byteSize()), errno);
                return new String(buffer.asSlice(0, got).toArray(ValueLayout.JAVA_BYTE),
                        StandardCharsets.UTF_8);
            } finally {
                LinuxLibc.close(errno, fd);
            }
        }
    }

    @Test
    void aDatagramArrivesWholeAtAPathAndAtAnAbstractName() throws IOException {
        assertEquals("READY=1\nSTATUS=serving", roundTrip(dir.resolve("notify").toString(),
                "READY=1\nSTATUS=serving"));
        assertEquals("STOPPING=1", roundTrip("@weft-test-" + ProcessHandle.current().pid(), "STOPPING=1"));
    }

    @Test
    void noReceiverIsAnErrorNamingTheCallNotAHang() {
        IOException error = assertThrows(IOException.class, () -> UnixDatagram.send(dir.resolve("nobody")
                .toString(), new byte[] {1}));
        assertTrue(error.getMessage().contains("sendto"), error.getMessage());
        assertThrows(IOException.class, () -> UnixDatagram.send("", new byte[] {1}));
    }
}
