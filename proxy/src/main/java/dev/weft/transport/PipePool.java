package dev.weft.transport;

import dev.weft.linux.CallState;
import dev.weft.linux.LinuxLibc;
import dev.weft.linux.NativeIOException;
import dev.weft.linux.Syscalls;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;

/**
 * Pipes for splicing, sized once with F_SETPIPE_SZ and reused. A pipe goes back to the pool only when it is
 * empty: bytes left in a pipe belong to the connection that put them there, so a pipe a connection died with is
 * closed instead. Idle connections hold no pipe.
 */
final class PipePool implements AutoCloseable {
    /** Both ends of a pipe. */
    record Pipe(int readFd, int writeFd) {
    }

    private final int size;
    private final AtomicInteger inUse = new AtomicInteger();
    private final ManyToManyConcurrentArrayQueue<Pipe> free;

    PipePool(int requestedSize, int capacity) {
        this.size = Math.min(requestedSize, maximumSize());
        this.free = new ManyToManyConcurrentArrayQueue<>(capacity);
    }

    /**
     * The kernel's cap on unprivileged pipe sizes, /proc/sys/fs/pipe-max-size (1 MiB by default). Read line-wise:
     * sysctl files answer only a read from offset 0, and Files.readString first reads a single byte.
     */
    static int maximumSize() {
        try {
            return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/fs/pipe-max-size")).getFirst().strip());
        } catch (IOException | RuntimeException e) {
            return 1 << 20;
        }
    }

    int size() {
        return size;
    }

    Pipe acquire() throws IOException {
        Pipe pipe = free.poll();
        if (pipe != null) {
            inUse.incrementAndGet();
            return pipe;
        }
        CallState cs = CallState.current();
        int[] ends;
        try {
            ends = Syscalls.pipe(cs);
        } catch (NativeIOException e) {
            throw new LocalSocketException(e);
        }
        try {
            Syscalls.fcntl(cs, ends[1], LinuxLibc.F_SETPIPE_SZ, size);
        } catch (NativeIOException e) {
            // Over the per-user pipe budget (pipe-user-pages-soft): the default 64 KiB pipe still works.
        }
        inUse.incrementAndGet();
        return new Pipe(ends[0], ends[1]);
    }

    /** Returns an empty pipe for reuse. */
    void release(Pipe pipe) {
        inUse.decrementAndGet();
        if (!free.offer(pipe)) {
            close(pipe);
        }
    }

    /** Closes a pipe that may still hold bytes. */
    void discard(Pipe pipe) {
        inUse.decrementAndGet();
        close(pipe);
    }

    private static void close(Pipe pipe) {
        Syscalls.closeQuietly(pipe.readFd());
        Syscalls.closeQuietly(pipe.writeFd());
    }

    /** Pipes a splice is using right now. */
    int inUse() {
        return inUse.get();
    }

    /** Pipes waiting in the pool. */
    int idle() {
        return free.size();
    }

    @Override
    public void close() {
        Pipe pipe;
        while ((pipe = free.poll()) != null) {
            close(pipe);
        }
    }
}
