package dev.weft.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;

/**
 * {@code struct sockaddr_in} and {@code struct sockaddr_in6}, written from and read into {@link InetSocketAddress}.
 * <pre>
 * sockaddr_in (16 bytes)                      sockaddr_in6 (28 bytes)
 *  0 +----------------+----------------+       0 +----------------+----------------+
 *    | sin_family u16 | sin_port u16 BE|         | family u16     | port u16 BE    |
 *  4 +----------------+----------------+       4 +---------------------------------+
 *    | sin_addr, 4 bytes, network order|         | sin6_flowinfo u32               |
 *  8 +---------------------------------+       8 +---------------------------------+
 *    | sin_zero, 8 bytes               |         | sin6_addr, 16 bytes             |
 * 16 +---------------------------------+      24 +---------------------------------+
 *                                                | sin6_scope_id u32               |
 *                                             28 +---------------------------------+
 * </pre>
 */
public final class SockAddr {
    private static final ValueLayout.OfShort PORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt IPV4 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    public static final StructLayout SOCKADDR_IN = MemoryLayout.structLayout(
            ValueLayout.JAVA_SHORT.withName("sin_family"),
            PORT.withName("sin_port"),
            MemoryLayout.sequenceLayout(4, ValueLayout.JAVA_BYTE).withName("sin_addr"),
            MemoryLayout.sequenceLayout(8, ValueLayout.JAVA_BYTE).withName("sin_zero"));

    public static final StructLayout SOCKADDR_IN6 = MemoryLayout.structLayout(
            ValueLayout.JAVA_SHORT.withName("sin6_family"),
            PORT.withName("sin6_port"),
            ValueLayout.JAVA_INT.withName("sin6_flowinfo"),
            MemoryLayout.sequenceLayout(16, ValueLayout.JAVA_BYTE).withName("sin6_addr"),
            ValueLayout.JAVA_INT.withName("sin6_scope_id"));

    /** Large enough for either family; the size to pass to accept4, getsockname and getpeername. */
    public static final long MAX_SIZE = SOCKADDR_IN6.byteSize();

    private static final long IN_ADDR = SOCKADDR_IN.byteOffset(MemoryLayout.PathElement.groupElement("sin_addr"));
    private static final long IN6_ADDR = SOCKADDR_IN6.byteOffset(MemoryLayout.PathElement.groupElement("sin6_addr"));
    private static final long IN6_SCOPE = SOCKADDR_IN6.byteOffset(
            MemoryLayout.PathElement.groupElement("sin6_scope_id"));

    private SockAddr() {
    }

    /** The address family of {@code address}: AF_INET or AF_INET6. */
    public static int family(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address ? LinuxLibc.AF_INET6 : LinuxLibc.AF_INET;
    }

    /** Writes {@code address} at the start of {@code into} and returns the struct's length for the call. */
    public static int write(InetSocketAddress address, MemorySegment into) {
        InetAddress ip = address.getAddress();
        if (ip instanceof Inet4Address) {
            into.asSlice(0, SOCKADDR_IN.byteSize()).fill((byte) 0);
            into.set(ValueLayout.JAVA_SHORT, 0, (short) LinuxLibc.AF_INET);
            into.set(PORT, 2, (short) address.getPort());
            MemorySegment.copy(ip.getAddress(), 0, into, ValueLayout.JAVA_BYTE, IN_ADDR, 4);
            return (int) SOCKADDR_IN.byteSize();
        }
        into.asSlice(0, SOCKADDR_IN6.byteSize()).fill((byte) 0);
        into.set(ValueLayout.JAVA_SHORT, 0, (short) LinuxLibc.AF_INET6);
        into.set(PORT, 2, (short) address.getPort());
        MemorySegment.copy(ip.getAddress(), 0, into, ValueLayout.JAVA_BYTE, IN6_ADDR, 16);
        into.set(ValueLayout.JAVA_INT, IN6_SCOPE, ((Inet6Address) ip).getScopeId());
        return (int) SOCKADDR_IN6.byteSize();
    }

    /** Reads the sockaddr a call wrote at the start of {@code from}. */
    /**
     * An IPv4 sockaddr as one long, address in bits 16 to 47 and port in 0 to 15, so that a connection can keep its
     * peer in 8 bytes instead of the four objects of an {@link InetSocketAddress}; -1 for another family.
     */
    public static long packIpv4(MemorySegment from) {
        if (from.get(ValueLayout.JAVA_SHORT, 0) != LinuxLibc.AF_INET) {
            return -1;
        }
        long ip = Integer.toUnsignedLong(from.get(IPV4, IN_ADDR));
        return ip << 16 | Short.toUnsignedInt(from.get(PORT, 2));
    }

    /** The address {@link #packIpv4} packed. */
    public static InetSocketAddress unpackIpv4(long packed) {
        int ip = (int) (packed >>> 16);
        byte[] bytes = {(byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip};
        try {
            return new InetSocketAddress(InetAddress.getByAddress(bytes), (int) (packed & 0xffff));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }

    public static InetSocketAddress read(MemorySegment from) {
        int family = from.get(ValueLayout.JAVA_SHORT, 0);
        int port = Short.toUnsignedInt(from.get(PORT, 2));
        try {
            if (family == LinuxLibc.AF_INET) {
                byte[] ip = new byte[4];
                MemorySegment.copy(from, ValueLayout.JAVA_BYTE, IN_ADDR, ip, 0, 4);
                return new InetSocketAddress(InetAddress.getByAddress(ip), port);
            }
            if (family == LinuxLibc.AF_INET6) {
                byte[] ip = new byte[16];
                MemorySegment.copy(from, ValueLayout.JAVA_BYTE, IN6_ADDR, ip, 0, 16);
                int scope = from.get(ValueLayout.JAVA_INT, IN6_SCOPE);
                // Without a scope, getByAddress makes a v4-mapped peer of a dual-stack socket the IPv4 client it
                // stands for, as the JDK's own sockets report it, and shows no "%0".
                return new InetSocketAddress(scope == 0 ? InetAddress.getByAddress(ip)
                        : Inet6Address.getByAddress(null, ip, scope), port);
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a raw address of the right length cannot be unknown", e);
        }
        throw new IllegalArgumentException("unsupported address family " + family);
    }
}
