package dev.weft.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class LayoutTest {

    @Test
    void epollEventIsPackedToTwelveBytesOnX86AndSixteenOnAarch64() {
        assertEquals(12, EpollEvent.layout(EpollEvent.isPacked("amd64")).byteSize());
        assertEquals(4, EpollEvent.layout(true).byteOffset(java.lang.foreign.MemoryLayout.PathElement
                .groupElement("data")));
        assertEquals(16, EpollEvent.layout(EpollEvent.isPacked("aarch64")).byteSize());
        assertEquals(8, EpollEvent.layout(false).byteOffset(java.lang.foreign.MemoryLayout.PathElement
                .groupElement("data")));
        assertEquals(EpollEvent.isPacked(System.getProperty("os.arch")) ? 12 : 16, EpollEvent.SIZE);
    }

    @Test
    void epollEventsInAnArrayKeepTheirData() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment events = arena.allocate(EpollEvent.LAYOUT, 3);
            for (int i = 0; i < 3; i++) {
                EpollEvent.set(events, i, LinuxLibc.EPOLLIN << i, 0x1234_5678_9ABC_DEF0L + i);
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(LinuxLibc.EPOLLIN << i, EpollEvent.events(events, i));
                assertEquals(0x1234_5678_9ABC_DEF0L + i, EpollEvent.data(events, i));
            }
        }
    }

    @Test
    void sockaddrInHasThePortInNetworkOrderAndRoundTrips() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(SockAddr.MAX_SIZE);
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0x1F90);
            assertEquals(16, SockAddr.write(address, segment));
            assertEquals(LinuxLibc.AF_INET, segment.get(ValueLayout.JAVA_SHORT, 0));
            assertEquals((byte) 0x1F, segment.get(ValueLayout.JAVA_BYTE, 2));
            assertEquals((byte) 0x90, segment.get(ValueLayout.JAVA_BYTE, 3));
            assertEquals(0x7F000002, segment.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 4));
            assertEquals(address, SockAddr.read(segment));
        }
    }

    @Test
    void sockaddrIn6RoundTrips() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(SockAddr.MAX_SIZE);
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("::1"), 65535);
            assertEquals(28, SockAddr.write(address, segment));
            assertEquals(LinuxLibc.AF_INET6, segment.get(ValueLayout.JAVA_SHORT, 0));
            assertEquals(1, segment.get(ValueLayout.JAVA_BYTE, 8 + 15));
            assertEquals(address, SockAddr.read(segment));
        }
    }
}
