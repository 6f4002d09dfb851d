package dev.weft.config;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * An IPv4 or IPv6 network, as {@code 10.0.0.0/8}, {@code 2001:db8::/32} or one address: the address's bits in
 * {@code high} and {@code low} (an IPv4 address in the low 32 bits of {@code low}), the first {@code prefix} of
 * which count. An IPv4 client reaching a dual-stack socket as {@code ::ffff:a.b.c.d} matches as IPv4.
 */
public record CidrBlock(boolean ipv4, long high, long low, int prefix) {

    /** Parses {@code text}; throws IllegalArgumentException with a message for the config. */
    public static CidrBlock parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (!address.matches("[0-9a-fA-F:.]+") || address.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is not an address or network such as 10.0.0.0/8 or "
                    + "2001:db8::/32");
        }
        InetAddress parsed;
        try {
            parsed = InetAddress.ofLiteral(address);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not an address or network such as 10.0.0.0/8");
        }
        boolean v4 = parsed instanceof Inet4Address;
        int bits = v4 ? 32 : 128;
        int prefix = bits;
        if (slash >= 0) {
            String length = text.substring(slash + 1);
            if (!length.matches("[0-9]{1,3}") || Integer.parseInt(length) > bits) {
                throw new IllegalArgumentException("'" + text + "' has a prefix length that is not 0 to " + bits);
            }
            prefix = Integer.parseInt(length);
        }
        CidrBlock exact = of(parsed, bits);
        CidrBlock block = new CidrBlock(v4, mask(exact.high, prefix, v4, true), mask(exact.low, prefix, v4, false),
                prefix);
        if (block.high != exact.high || block.low != exact.low) {
            throw new IllegalArgumentException("'" + text + "' has bits set past its /" + prefix + "; write "
                    + block);
        }
        return block;
    }

    /** The block of exactly {@code address}, IPv4 for a v4-mapped IPv6 one. */
    public static CidrBlock of(InetAddress address, int prefix) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 16 && isV4Mapped(bytes)) {
            bytes = new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
        }
        if (bytes.length == 4) {
            long ip = ((bytes[0] & 0xffL) << 24) | ((bytes[1] & 0xffL) << 16) | ((bytes[2] & 0xffL) << 8)
                    | (bytes[3] & 0xffL);
            return new CidrBlock(true, 0, ip, Math.min(prefix, 32));
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = high << 8 | (bytes[i] & 0xffL);
            low = low << 8 | (bytes[i + 8] & 0xffL);
        }
        return new CidrBlock(false, high, low, prefix);
    }

    private static boolean isV4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    /** Whether {@code client} (a block of one address) lies in this network. */
    public boolean contains(CidrBlock client) {
        return client.ipv4 == ipv4 && mask(client.high, prefix, ipv4, true) == high
                && mask(client.low, prefix, ipv4, false) == low;
    }

    private static long mask(long bits, int prefix, boolean v4, boolean highHalf) {
        if (v4) {
            return highHalf ? 0 : prefix == 0 ? 0 : bits & (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        }
        int kept = highHalf ? Math.min(prefix, 64) : Math.max(0, prefix - 64);
        return kept == 0 ? 0 : kept == 64 ? bits : bits & (-1L << (64 - kept));
    }

    @Override
    public String toString() {
        if (ipv4) {
            return (low >>> 24) + "." + ((low >>> 16) & 0xff) + "." + ((low >>> 8) & 0xff) + "." + (low & 0xff) + "/"
                    + prefix;
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (high >>> (56 - 8 * i));
            bytes[i + 8] = (byte) (low >>> (56 - 8 * i));
        }
        try {
            return InetAddress.getByAddress(bytes).getHostAddress() + "/" + prefix;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
