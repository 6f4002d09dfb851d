package dev.weft.transport.epoll;

import dev.weft.linux.CallState;
import dev.weft.linux.CarrierLocal;
import dev.weft.linux.EpollEvent;
import dev.weft.linux.FileDescriptor;
import dev.weft.linux.Syscalls;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
 * <p>
 * A failed {@code epoll_wait} does not end the loop, which would strand every connection on it: the loop logs it,
 * keeps running its threads, backs off and polls again, as Netty's {@code EpollEventLoop} does. An {@link Error}
 * still ends it.
 */
final class EventLoop implements Executor, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("weft.transport");
    private static final int MAX_EVENTS = 256;
    private static final int QUEUE_CAPACITY = 1 << 14;
    private static final int WAKE_BIT = (int) -Poller.WAKE;
    private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** While failing, one reminder a minute, so a failure that lasts does not flood the log. */
    private static final long REMINDER_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final VarHandle SLEEPING;
    /**
     * The loop a virtual thread runs on, read from its carrier (the loop's own thread), so that it costs the
     * thread nothing: new sockets of a connection join that loop.
     */
    private static final ThreadLocal<EventLoop> HOME = CarrierLocal.create();

    static {
        try {
            SLEEPING = MethodHandles.lookup().findVarHandle(EventLoop.class, "sleeping", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Poller poller;
    private final Deadlines deadlines = new Deadlines();
    private final FileDescriptor wake;
    private final ManyToOneConcurrentArrayQueue<Runnable> tasks = new ManyToOneConcurrentArrayQueue<>(QUEUE_CAPACITY);
    /** Only when more threads are runnable at once than the queue holds. */
    private final Queue<Runnable> overflow = new ConcurrentLinkedQueue<>();
    private final String name;
    /** Assigned after the thread has started: the loop itself must not read it (it uses {@link #name}). */
    private final Thread thread;
    private final MemorySegment one;
    private volatile boolean sleeping;
    /** Parked after a failed wait: a thread made runnable meanwhile unparks the loop instead of writing the eventfd. */
    private volatile boolean backingOff;
    private volatile boolean running = true;
    /** Used only by the loop's thread. */
    private int failedWaits;
    private long backoffNanos;
    private long lastReportNanos;

    EventLoop(String name) throws IOException {
        this(name, Syscalls::epollWait);
    }

    /** @param wait how the poller waits; tests pass one that fails */
    EventLoop(String name, Poller.Wait wait) throws IOException {
        CallState cs = CallState.current();
        this.poller = new Poller(wait);
        this.wake = new FileDescriptor(Syscalls.eventfd(cs));
        poller.watch(wake, Poller.WAKE);
        this.one = Arena.global().allocate(ValueLayout.JAVA_LONG);
        one.set(ValueLayout.JAVA_LONG, 0, 1);
        this.name = name;
        this.thread = Thread.ofPlatform().daemon().name(name).start(this::loop);
    }

    Poller poller() {
        return poller;
    }

    /** Only for threads running on this loop. */
    Deadlines deadlines() {
        return deadlines;
    }

    /**
     * The loop the calling virtual thread runs on, or null when it runs elsewhere (on the JDK's scheduler, when
     * {@link VirtualThreadHook} is missing, say).
     */
    static EventLoop home() {
        return HOME.get();
    }

    /**
     * An unstarted virtual thread for {@code task}, scheduled on this loop when the JDK allows it; the sockets it
     * opens join this loop too.
     */
    Thread newThread(String name, Runnable task) {
        return VirtualThreadHook.builder(this).name(name).unstarted(task);
    }

    /** Schedules a virtual thread's continuation; called by the JDK whenever one of this loop's threads unparks. */
    @Override
    public void execute(Runnable continuation) {
        if (!tasks.offer(continuation)) {
            overflow.add(continuation);
        }
        if (Thread.currentThread() == thread) {
            return;
        }
        if (sleeping && SLEEPING.compareAndSet(this, true, false)) {
            wake();
        } else if (backingOff) {
            LockSupport.unpark(thread);
        }
    }

    private void wake() {
        try {
            Syscalls.write(CallState.current(), wake.fd(), one, Long.BYTES);
        } catch (IOException e) {
            // Only EAGAIN is possible, with the counter near overflow: the loop is awake already.
        }
    }

    private void loop() {
        HOME.set(this);
        CallState cs = CallState.current();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment events = arena.allocate(EpollEvent.LAYOUT, MAX_EVENTS);
            MemorySegment counter = arena.allocate(ValueLayout.JAVA_LONG);
            while (running) {
                runQueued();
                sleeping = true;
                // A thread queued after the run above but before this flag was seen finds the loop awake: look.
                int timeout = tasks.isEmpty() && overflow.isEmpty() ? deadlines.millisToNext(System.nanoTime()) : 0;
                try {
                    int own = poller.poll(cs, events, MAX_EVENTS, timeout);
                    sleeping = false;

                    if ((own & WAKE_BIT) != 0) {
                        Syscalls.read(cs, wake.fd(), counter, Long.BYTES);
                    }
                    if (failedWaits > 0) {
                        recovered();
                    }
                } catch (IOException e) {
                    sleeping = false;
                    backOff(e);
                }
                if (!deadlines.isEmpty()) {
                    deadlines.expire(System.nanoTime());
                }
            }
        }
    }

    /** After a failed wait: says so (once, then once a minute), and parks a while before the next poll. */
    private void backOff(IOException failure) {
        long now = System.nanoTime();
        if (failedWaits++ == 0) {
            backoffNanos = FIRST_BACKOFF_NANOS;
            lastReportNanos = now;
            LOG.log(System.Logger.Level.WARNING, name + ": " + failure.getMessage()
                    + "; its connections wait while it retries, backing off up to 1 s");
        } else {
            backoffNanos = Math.min(MAX_BACKOFF_NANOS, backoffNanos * 2);
            if (now - lastReportNanos >= REMINDER_NANOS) {
                lastReportNanos = now;
                LOG.log(System.Logger.Level.WARNING, name + ": still failing, " + failedWaits
                        + " waits so far: " + failure.getMessage());
            }
        }
        backingOff = true;
        if (tasks.isEmpty() && overflow.isEmpty()) {
            LockSupport.parkNanos(this, backoffNanos);
        }
        backingOff = false;
    }

    private void recovered() {
        LOG.log(System.Logger.Level.INFO, name + ": polling again after " + failedWaits
                + " failed wait(s)");
        failedWaits = 0;
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
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "a virtual thread failed on " + Thread.currentThread().getName()
                    + ": " + e, e);
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
        wake.close(() -> { });
    }
}
