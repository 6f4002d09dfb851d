package dev.weft.transport.epoll;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The sockets registered with one event loop, indexed by fd number: pages of 4,096 slots, made the first time an
 * fd in their range registers, so the loop finds the socket of an event without hashing, boxing or locking.
 */
final class SocketTable {
    private static final int PAGE_BITS = 12;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int PAGES = 1 << 12;

    private final AtomicReferenceArray<AtomicReferenceArray<NativeSocket>> pages = new AtomicReferenceArray<>(PAGES);

    void put(int fd, NativeSocket socket) {
        page(fd).set(fd & (PAGE_SIZE - 1), socket);
    }

    /** The socket registered under {@code fd}, or null. */
    NativeSocket get(int fd) {
        AtomicReferenceArray<NativeSocket> page = pages.get(fd >>> PAGE_BITS);
        return page == null ? null : page.get(fd & (PAGE_SIZE - 1));
    }

    /** Removes {@code socket} if it is still the one registered under {@code fd}. */
    void remove(int fd, NativeSocket socket) {
        AtomicReferenceArray<NativeSocket> page = pages.get(fd >>> PAGE_BITS);
        if (page != null) {
            page.compareAndSet(fd & (PAGE_SIZE - 1), socket, null);
        }
    }

    private AtomicReferenceArray<NativeSocket> page(int fd) {
        int index = fd >>> PAGE_BITS;
        AtomicReferenceArray<NativeSocket> page = pages.get(index);
        if (page == null) {
            pages.compareAndSet(index, null, new AtomicReferenceArray<>(PAGE_SIZE));
            page = pages.get(index);
        }
        return page;
    }
}
