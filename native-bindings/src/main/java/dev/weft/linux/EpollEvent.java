package dev.weft.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct epoll_event}, whose layout differs by architecture: the kernel declares it packed on x86-64 only.
 * <pre>
 * x86-64 (12 bytes, packed)          aarch64 (16 bytes)
 *  0 +-------------+                  0 +-------------+
 *    | events u32  |                    | events u32  |
 *  4 +-------------+ data u64,        4 +-------------+
 *    | data u64    | unaligned          | padding     |
 * 12 +-------------+                  8 +-------------+
 *                                       | data u64    |
 *                                    16 +-------------+
 * </pre>
 */
public final class EpollEvent {
    private static final boolean PACKED = isPacked(System.getProperty("os.arch"));

    public static final StructLayout LAYOUT = layout(PACKED);
    public static final long SIZE = LAYOUT.byteSize();
    private static final long DATA = LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("data"));
    private static final ValueLayout.OfLong DATA_LAYOUT = PACKED ? ValueLayout.JAVA_LONG_UNALIGNED
            : ValueLayout.JAVA_LONG;

    private EpollEvent() {
    }

    static boolean isPacked(String arch) {
        return arch.equals("amd64") || arch.equals("x86_64");
    }

    static StructLayout layout(boolean packed) {
        return packed
                ? MemoryLayout.structLayout(ValueLayout.JAVA_INT.withName("events"),
                        ValueLayout.JAVA_LONG_UNALIGNED.withName("data"))
                : MemoryLayout.structLayout(ValueLayout.JAVA_INT.withName("events"), MemoryLayout.paddingLayout(4),
                        ValueLayout.JAVA_LONG.withName("data"));
    }

    /** Writes event {@code index} of an array of events. */
    public static void set(MemorySegment events, int index, int mask, long data) {
        long base = index * SIZE;
        events.set(ValueLayout.JAVA_INT, base, mask);
        events.set(DATA_LAYOUT, base + DATA, data);
    }

    public static int events(MemorySegment events, int index) {
        return events.get(ValueLayout.JAVA_INT, index * SIZE);
    }

    public static long data(MemorySegment events, int index) {
        return events.get(DATA_LAYOUT, index * SIZE + DATA);
    }
}
