package dev.weft.transport;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Which thread waits on which fd, indexed by the fd number: pages of 4,096 slots, made the first time an fd in
 * their range waits, so lookups never hash, box or lock.
 */
final class WaiterTable {
    private static final int PAGE_BITS = 12;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int PAGES = 1 << 12;

    private final AtomicReferenceArray<AtomicReferenceArray<Thread>> pages = new AtomicReferenceArray<>(PAGES);

    void set(int fd, Thread waiter) {
        page(fd).set(fd & (PAGE_SIZE - 1), waiter);
    }

    /** Removes and returns the waiter of {@code fd}, if any. */
    Thread take(int fd) {
        AtomicReferenceArray<Thread> page = pages.get(fd >>> PAGE_BITS);
        return page == null ? null : page.getAndSet(fd & (PAGE_SIZE - 1), null);
    }

    /** Removes {@code waiter} if it is still the one registered for {@code fd}. */
    void remove(int fd, Thread waiter) {
        AtomicReferenceArray<Thread> page = pages.get(fd >>> PAGE_BITS);
        if (page != null) {
            page.compareAndSet(fd & (PAGE_SIZE - 1), waiter, null);
        }
    }

    private AtomicReferenceArray<Thread> page(int fd) {
        int index = fd >>> PAGE_BITS;
        AtomicReferenceArray<Thread> page = pages.get(index);
        if (page == null) {
            pages.compareAndSet(index, null, new AtomicReferenceArray<>(PAGE_SIZE));
            page = pages.get(index);
        }
        return page;
    }
}
