package dev.weft.linux;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Sends one datagram to a Unix domain datagram socket, which the JDK cannot do (its Unix domain channels are
 * stream sockets only): what {@code sd_notify(3)} does with {@code NOTIFY_SOCKET}. A path starting with {@code @}
 * is in the abstract namespace. The send never blocks ({@code MSG_DONTWAIT}): a receiver whose queue is full gets
 * an error, not a stalled sender.
 */
public final class UnixDatagram {
    private static final long FAMILY_SIZE = 2;

    private UnixDatagram() {
    }

    /** Room for a {@code struct sockaddr_un}. */
    public static final long ADDRESS_SIZE = FAMILY_SIZE + LinuxLibc.SUN_PATH_SIZE;

    /**
     * Writes {@code path} as a {@code struct sockaddr_un} into {@code address} (at least {@link #ADDRESS_SIZE},
     * zeroed) and returns its length; {@code @name} is the abstract {@code name}.
     */
    public static int writeAddress(String path, MemorySegment address) throws IOException {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length == 0 || name.length >= LinuxLibc.SUN_PATH_SIZE) {
            throw new IOException("not a Unix socket path: '" + path + "'");
        }
        boolean abstractName = name[0] == '@';
        address.set(ValueLayout.JAVA_SHORT, 0, (short) LinuxLibc.AF_UNIX);
        MemorySegment.copy(name, 0, address, ValueLayout.JAVA_BYTE, FAMILY_SIZE, name.length);
        if (abstractName) {
            address.set(ValueLayout.JAVA_BYTE, FAMILY_SIZE, (byte) 0);
        }
        // An abstract name is exactly its bytes; a path name includes its terminating NUL.
        return (int) (FAMILY_SIZE + name.length + (abstractName ? 0 : 1));
    }

    public static void send(String path, byte[] message) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(LinuxLibc.CAPTURE_STATE_LAYOUT);
            MemorySegment address = arena.allocate(ADDRESS_SIZE, 2);
            int length = writeAddress(path, address);
            MemorySegment payload = arena.allocate(Math.max(1, message.length));
            MemorySegment.copy(message, 0, payload, ValueLayout.JAVA_BYTE, 0, message.length);
            int fd = (int) Errors.check("socket", LinuxLibc.socket(errno, LinuxLibc.AF_UNIX,
                    LinuxLibc.SOCK_DGRAM | LinuxLibc.SOCK_CLOEXEC, 0), errno);
            try {
                long sent;
                do {
                    sent = Errors.check("sendto", LinuxLibc.sendto(errno, fd, payload, message.length,
                            LinuxLibc.MSG_DONTWAIT | LinuxLibc.MSG_NOSIGNAL, address, length), errno);
                } while (sent == Errors.INTERRUPTED);
                if (sent == Errors.WOULD_BLOCK) {
                    throw new IOException("sendto " + path + ": the receiver's queue is full");
                }
            } finally {
                LinuxLibc.close(errno, fd);
            }
        }
    }
}
