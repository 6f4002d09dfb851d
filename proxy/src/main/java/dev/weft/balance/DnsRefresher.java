package dev.weft.balance;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Looks up the names of every DNS group again, each at its own {@code refresh} interval, on one platform thread:
 * a lookup may block in the system resolver, which must not hold a virtual thread's carrier.
 */
public final class DnsRefresher implements AutoCloseable {
    private static final long TICK_MILLIS = 100;

    private final List<Due> groups = new ArrayList<>();
    private final Backend.Resolver resolver;
    private final Thread thread;
    private volatile boolean running = true;

    private static final class Due {
        final Backend backend;
        final EndpointGroup group;
        long next;

        Due(Backend backend, EndpointGroup group, long next) {
            this.backend = backend;
            this.group = group;
            this.next = next;
        }
    }

    public DnsRefresher(List<Backend> backends) {
        this(backends, InetAddress::getAllByName);
    }

    DnsRefresher(List<Backend> backends, Backend.Resolver resolver) {
        this.resolver = resolver;
        long now = System.nanoTime();
        for (Backend backend : backends) {
            for (EndpointGroup group : backend.dnsGroups()) {
                groups.add(new Due(backend, group, now));
            }
        }
        this.thread = Thread.ofPlatform().daemon().name("weft-dns").unstarted(this::loop);
    }

    /** Resolves every DNS group once, now, so that they have endpoints before the first client comes. */
    public void resolveAll() {
        long now = System.nanoTime();
        for (Due due : groups) {
            due.backend.refresh(due.group, resolver);
            due.next = now + due.group.config().refresh().toNanos();
        }
    }

    public void start() {
        if (!groups.isEmpty()) {
            thread.start();
        }
    }

    private void loop() {
        try {
            while (running) {
                Thread.sleep(TICK_MILLIS);
                long now = System.nanoTime();
                for (Due due : groups) {
                    if (now - due.next >= 0) {
                        due.backend.refresh(due.group, resolver);
                        due.next = now + due.group.config().refresh().toNanos();
                    }
                }
            }
        } catch (InterruptedException e) {
            // close() was called.
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
