package dev.weft.transport.epoll;

import dev.weft.linux.CallState;
import dev.weft.linux.LinuxLibc;
import dev.weft.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;

/**
 * Pipes for splicing, sized once with F_SETPIPE_SZ and reused. A pipe goes back to the pool only when it is
 * empty: bytes left in a pipe belong to the connection that put them there, so a pipe a connection died with is
 * closed instead. Idle connections hold no pipe.
 * <p>
 * A pipe that cannot be made (EMFILE near a full fd table, above all) is this host's shortage, not a peer's fault:
 * {@link #acquire} then returns null and the pump copies instead. The shortage is logged once at WARNING, with what
 * to raise, and its end once at INFO, however many connections meet it meanwhile.
 */
final class PipePool implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("weft.transport");

    /** Both ends of a pipe. */
    record Pipe(int readFd, int writeFd) {
    }

    /** How a pipe is made: {@link Syscalls#pipe}, except in tests where making one fails. */
    @FunctionalInterface
    interface Maker {
        int[] make(CallState cs) throws IOException;
    }

    private final int size;
    private final Maker maker;
    private final AtomicInteger inUse = new AtomicInteger();
    private final ManyToManyConcurrentArrayQueue<Pipe> free;
    /** Pipes could not be made since the last one that could; only the change is logged. */
    private final AtomicBoolean pipesShort = new AtomicBoolean();
    private final LongAdder copiedForLack = new LongAdder();

    PipePool(int requestedSize, int capacity) {
        this(requestedSize, capacity, Syscalls::pipe);
    }

    PipePool(int requestedSize, int capacity, Maker maker) {
        this.size = Math.min(requestedSize, maximumSize());
        this.maker = maker;
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

    /** A pooled or new pipe, or null when none can be made: then copy, and ask again at the next burst. */
    Pipe acquire() {
        Pipe pipe = free.poll();
        if (pipe != null) {
            inUse.incrementAndGet();
            return pipe;
        }
        CallState cs = CallState.current();
        int[] ends;
        try {
            ends = maker.make(cs);
        } catch (IOException e) {
            copiedForLack.increment();
            if (pipesShort.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "cannot create a splice pipe (" + e.getMessage() + "); copying"
                        + " through buffers until pipes can be made again. Each pipe takes two fds: raise the fd"
                        + " limit (ulimit -n, LimitNOFILE) or lower the listeners' max-connections");
            }
            return null;
        }
        if (pipesShort.compareAndSet(true, false)) {
            LOG.log(System.Logger.Level.INFO, "splice pipes can be created again; " + copiedForLack.sum()
                    + " burst(s) so far were copied instead");
        }
        try {
            Syscalls.fcntl(cs, ends[1], LinuxLibc.F_SETPIPE_SZ, size);
        } catch (IOException e) {
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

    /** Bursts copied so far because no pipe could be made. */
    long copiedForLack() {
        return copiedForLack.sum();
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
