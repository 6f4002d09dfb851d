package dev.weft.transport;

import dev.weft.linux.CallState;
import dev.weft.linux.EpollEvent;
import dev.weft.linux.NativeIOException;
import dev.weft.linux.Syscalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

/**
 * One platform thread that is both a poller and a carrier: it runs the virtual threads of the connections it owns
 * and, when none of them can run, waits in {@code epoll_wait} for their sockets. A socket that becomes ready
 * unparks its thread onto this same loop, which runs it next: one kernel wake-up per message, as in an event loop,
 * where a separate poller thread would add a second one (poller, then carrier) to every round trip.
 * <p>
 * Its virtual threads are scheduled here only when the JDK lets Weft name their scheduler (see
 * {@link VirtualThreadHook}); otherwise they run on the JDK's carriers and the loop is a poller only. Threads of
 * other schedulers may wait on its sockets too (health checks): the loop unparks them onto their own scheduler.
 * Connections stay on the loop that accepted or opened them, as with HAProxy's and Netty's threads.
 */
final class EventLoop implements Executor, AutoCloseable {
    private static final int MAX_EVENTS = 256;
    private static final int QUEUE_CAPACITY = 1 << 14;
    private static final int WAKE_BIT = (int) -Poller.WAKE;
    private static final VarHandle SLEEPING;
    /** The loop whose virtual thread is running: new sockets of a connection join its loop. */
    private static final ThreadLocal<EventLoop> HOME = new InheritableThreadLocal<>();

    static {
        try {
            SLEEPING = MethodHandles.lookup().findVarHandle(EventLoop.class, "sleeping", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Poller poller;
    private final int wakeFd;
    private final ManyToOneConcurrentArrayQueue<Runnable> tasks = new ManyToOneConcurrentArrayQueue<>(QUEUE_CAPACITY);
    /** Only when more threads are runnable at once than the queue holds. */
    private final Queue<Runnable> overflow = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private final MemorySegment one;
    private volatile boolean sleeping;
    private volatile boolean running = true;

    EventLoop(String name) throws NativeIOException {
        CallState cs = CallState.current();
        this.poller = new Poller();
        this.wakeFd = Syscalls.eventfd(cs);
        poller.watch(wakeFd, Poller.WAKE);
        this.one = Arena.global().allocate(ValueLayout.JAVA_LONG);
        one.set(ValueLayout.JAVA_LONG, 0, 1);
        this.thread = Thread.ofPlatform().daemon().name(name).start(this::loop);
    }

    Poller poller() {
        return poller;
    }

    /** The loop of the calling virtual thread, or null when it runs elsewhere. */
    static EventLoop home() {
        return HOME.get();
    }

    /** An unstarted virtual thread for {@code task}, scheduled on this loop when the JDK allows it. */
    Thread newThread(String name, Runnable task) {
        Runnable homed = () -> {
            HOME.set(this);
            task.run();
        };
        return VirtualThreadHook.builder(this).name(name).unstarted(homed);
    }

    /** Schedules a virtual thread's continuation; called by the JDK whenever one of this loop's threads unparks. */
    @Override
    public void execute(Runnable continuation) {
        if (!tasks.offer(continuation)) {
            overflow.add(continuation);
        }
        if (sleeping && Thread.currentThread() != thread && SLEEPING.compareAndSet(this, true, false)) {
            wake();
        }
    }

    private void wake() {
        try {
            Syscalls.write(CallState.current(), wakeFd, one, Long.BYTES);
        } catch (NativeIOException e) {
            // Only EAGAIN is possible, with the counter near overflow: the loop is awake already.
        }
    }

    private void loop() {
        CallState cs = CallState.current();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment events = arena.allocate(EpollEvent.LAYOUT, MAX_EVENTS);
            MemorySegment counter = arena.allocate(ValueLayout.JAVA_LONG);
            while (running) {
                runQueued();
                sleeping = true;
                // A thread queued after the run above but before this flag was seen finds the loop awake: look.
                int timeout = tasks.isEmpty() && overflow.isEmpty() ? -1 : 0;
                int own = poller.poll(cs, events, MAX_EVENTS, timeout);
                sleeping = false;
                if ((own & WAKE_BIT) != 0) {
                    Syscalls.read(cs, wakeFd, counter, Long.BYTES);
                }
            }
        } catch (NativeIOException e) {
            System.getLogger("weft.transport").log(System.Logger.Level.ERROR, Thread.currentThread().getName()
                    + " stopped: " + e.getMessage());
        }
    }

    /** Runs what was runnable when it started, no more, so that sockets are polled between batches. */
    private void runQueued() {
        int batch = tasks.size();
        Runnable task;
        while (batch-- > 0 && (task = tasks.poll()) != null) {
            run(task);
        }
        while ((task = overflow.poll()) != null) {
            run(task);
        }
    }

    /** A continuation handles its thread's exceptions; anything that still escapes must not end the loop. */
    private static void run(Runnable continuation) {
        try {
            continuation.run();
        } catch (RuntimeException | Error e) {
            System.getLogger("weft.transport").log(System.Logger.Level.ERROR, "a virtual thread failed on "
                    + Thread.currentThread().getName() + ": " + e, e);
        }
    }

    @Override
    public void close() {
        running = false;
        wake();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        poller.close();
        Syscalls.closeQuietly(wakeFd);
    }
}
