package dev.weft.testkit;

import dev.weft.linux.Errors;
import dev.weft.linux.LinuxLibc;
import dev.weft.linux.UnixDatagram;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** What systemd is for a {@code Type=notify} service: a datagram socket at NOTIFY_SOCKET that collects messages. */
public final class NotifyReceiver implements AutoCloseable {
    private final Arena arena = Arena.ofShared();
    private final MemorySegment errno = arena.allocate(LinuxLibc.CAPTURE_STATE_LAYOUT);
    private final MemorySegment buffer = arena.allocate(4096);
    private final int fd;
    private final Path path;

    public NotifyReceiver(Path path) throws IOException {
        this.path = path;
        fd = (int) Errors.check("socket", LinuxLibc.socket(errno, LinuxLibc.AF_UNIX, LinuxLibc.SOCK_DGRAM
                | LinuxLibc.SOCK_NONBLOCK | LinuxLibc.SOCK_CLOEXEC, 0), errno);
        MemorySegment address = arena.allocate(UnixDatagram.ADDRESS_SIZE, 2);
        Errors.check("bind", LinuxLibc.bind(errno, fd, address, UnixDatagram.writeAddress(path.toString(), address)),
                errno);
    }

    public Path path() {
        return path;
    }

    /** The next message, waiting for it up to {@code timeout}. */
    public synchronized String next(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long got = Errors.check("read", LinuxLibc.read(errno, fd, buffer, buffer.byteSize()), errno);
            if (got >= 0) {
                return new String(buffer.asSlice(0, got).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no notification within " + timeout);
            }
            Thread.sleep(5);
        }
    }

    /** Skips messages until one contains {@code text}, and returns it. */
    public String await(String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String message = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (message.contains(text)) {
                return message;
            }
        }
    }

    @Override
    public void close() {
        LinuxLibc.close(errno, fd);
        arena.close();
    }
}
