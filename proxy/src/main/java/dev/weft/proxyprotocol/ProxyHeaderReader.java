package dev.weft.proxyprotocol;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Parses a PROXY protocol header at the start of a connection, version 1 or 2, told apart by their first bytes.
 * Bounded: a v1 line is at most {@value #V1_MAX} bytes, a v2 header at most {@value #V2_MAX}. A header that is
 * malformed, or longer, is refused; so is a connection that does not start with one. Strict where the specification
 * is: no leading zeros in a v1 address or port, only the v2 families it defines, TLVs that fit their header, and a
 * CRC32C TLV that matches.
 */
public final class ProxyHeaderReader {
    /** The longest v1 line, CRLF included, per the specification. */
    public static final int V1_MAX = 107;
    /** The longest v2 header Weft reads: the fixed part and up to 2 KiB of addresses and TLVs. */
    public static final int V2_MAX = 16 + 2048;

    private static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    /** Four decimal octets of 0 to 255, without leading zeros: "010.2.3.4" is refused, not read as 10.2.3.4. */
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
    private static final String DOTTED_QUAD = OCTET + "(\\." + OCTET + "){3}";
    private static final int TLV_CRC32C = 0x03;
    private static final byte[] ZERO_CHECKSUM = new byte[4];

    /** What {@link #parse} found. */
    public sealed interface Result {
    }

    /** Not all of the header has arrived yet. */
    public record Incomplete() implements Result {
    }

    /** Not a PROXY header, or a malformed one. */
    public record Invalid(String reason) implements Result {
    }

    /** A whole header, {@code length} bytes long; what follows it is the client's own data. */
    public record Parsed(ProxyHeader header, int length) implements Result {
    }

    private static final Incomplete INCOMPLETE = new Incomplete();

    private ProxyHeaderReader() {
    }

    /** @param received the bytes read so far, from position 0 to the limit; not changed */
    public static Result parse(ByteBuffer received) {
        int available = received.limit();
        for (int i = 0; i < Math.min(available, ProxyHeaderWriter.V2_SIGNATURE.length); i++) {
            if (received.get(i) != ProxyHeaderWriter.V2_SIGNATURE[i]) {
                return i == 0 && received.get(0) == 'P' ? v1(received) : notAHeader(received);
            }
        }
        return available < ProxyHeaderWriter.V2_SIGNATURE.length ? INCOMPLETE : v2(received);
    }

    private static Result notAHeader(ByteBuffer received) {
        return new Invalid("the connection does not start with a PROXY protocol header");
    }

    private static Result v1(ByteBuffer received) {
        int available = received.limit();
        for (int i = 0; i < Math.min(available, V1_PREFIX.length); i++) {
            if (received.get(i) != V1_PREFIX[i]) {
                return notAHeader(received);
            }
        }
        int end = -1;
        for (int i = 1; i < Math.min(available, V1_MAX); i++) {
            if (received.get(i - 1) == '\r' && received.get(i) == '\n') {
                end = i + 1;
                break;
            }
        }
        if (end < 0) {
            return available >= V1_MAX ? new Invalid("PROXY v1 line longer than " + V1_MAX + " bytes")
                    : INCOMPLETE;
        }
        byte[] line = new byte[end - 2];
        received.get(0, line);
        String[] fields = new String(line, StandardCharsets.US_ASCII).split(" ", -1);
        if (fields.length >= 2 && fields[1].equals("UNKNOWN")) {
            return new Parsed(ProxyHeader.LOCAL, end);
        }
        if (fields.length != 6 || !(fields[1].equals("TCP4") || fields[1].equals("TCP6"))) {
            return new Invalid("malformed PROXY v1 line");
        }
        try {
            InetAddress source = literal(fields[2], fields[1]);
            InetAddress destination = literal(fields[3], fields[1]);
            return new Parsed(new ProxyHeader(new InetSocketAddress(source, port(fields[4])),
                    new InetSocketAddress(destination, port(fields[5]))), end);
        } catch (IllegalArgumentException e) {
            return new Invalid("malformed PROXY v1 line: " + e.getMessage());
        }
    }

    private static Result v2(ByteBuffer received) {
        int available = received.limit();
        if (available < 16) {
            return INCOMPLETE;
        }
        int versionCommand = received.get(12) & 0xff;
        int family = received.get(13) & 0xff;
        int length = received.getShort(14) & 0xffff;
        if ((versionCommand & 0xf0) != ProxyHeaderWriter.V2_VERSION) {
            return new Invalid("PROXY v2 header with version " + (versionCommand >> 4));
        }
        int command = versionCommand & 0x0f;
        if (command != ProxyHeaderWriter.COMMAND_LOCAL && command != ProxyHeaderWriter.COMMAND_PROXY) {
            return new Invalid("PROXY v2 header with command " + command);
        }
        if (16 + length > V2_MAX) {
            return new Invalid("PROXY v2 header longer than " + V2_MAX + " bytes");
        }
        if (available < 16 + length) {
            return INCOMPLETE;
        }
        int total = 16 + length;
        if (command == ProxyHeaderWriter.COMMAND_LOCAL) {
            // The specification: the receiver uses the connection's own addresses and skips the whole block.
            return new Parsed(ProxyHeader.LOCAL, total);
        }
        int addressBlock = addressBlock(family);
        if (addressBlock < 0) {
            return new Invalid(String.format("PROXY v2 header with unknown address family 0x%02x", family));
        }
        if (length < addressBlock) {
            return new Invalid("PROXY v2 address block shorter than its family needs");
        }
        String tlvProblem = tlvProblem(received, 16 + addressBlock, total);
        if (tlvProblem != null) {
            return new Invalid("PROXY v2 header: " + tlvProblem);
        }
        if (family != ProxyHeaderWriter.TCP_OVER_IPV4 && family != ProxyHeaderWriter.TCP_OVER_IPV6) {
            // UNSPEC, UDP or UNIX: keep the connection's own addresses, as the specification says.
            return new Parsed(ProxyHeader.LOCAL, total);
        }
        int addressBytes = family == ProxyHeaderWriter.TCP_OVER_IPV4 ? 4 : 16;
        byte[] source = new byte[addressBytes];
        byte[] destination = new byte[addressBytes];
        received.get(16, source);
        received.get(16 + addressBytes, destination);
        int sourcePort = received.getShort(16 + 2 * addressBytes) & 0xffff;
        int destinationPort = received.getShort(18 + 2 * addressBytes) & 0xffff;
        // getByAddress turns a v4-mapped IPv6 address into the IPv4 client it stands for.
        return new Parsed(new ProxyHeader(new InetSocketAddress(address(source), sourcePort),
                new InetSocketAddress(address(destination), destinationPort)), total);
    }

    /** The bytes of addresses that a v2 family and protocol byte announces; -1 for a value the spec does not define. */
    private static int addressBlock(int family) {
        int transport = family & 0x0f;
        if (transport > 2) {
            return -1;
        }
        return switch (family >> 4) {
            case 0 -> transport == 0 ? 0 : -1;
            case 1 -> transport == 0 ? -1 : 12;
            case 2 -> transport == 0 ? -1 : 36;
            case 3 -> transport == 0 ? -1 : 216;
            default -> -1;
        };
    }

    /** Why the TLVs from {@code from} to {@code to} are malformed, or null if they are sound. */
    private static String tlvProblem(ByteBuffer header, int from, int to) {
        int at = from;
        while (at < to) {
            if (to - at < 3) {
                return "a TLV of " + (to - at) + " bytes, shorter than its own header";
            }
            int type = header.get(at) & 0xff;
            int length = header.getShort(at + 1) & 0xffff;
            int valueAt = at + 3;
            if (valueAt + length > to) {
                return String.format("TLV 0x%02x of %d bytes overruns the header", type, length);
            }
            if (type == TLV_CRC32C) {
                String problem = checksumProblem(header, valueAt, length, to);
                if (problem != null) {
                    return problem;
                }
            } else if (type == ProxyHeaderWriter.TLV_SSL) {
                if (length < 5) {
                    return "SSL TLV of " + length + " bytes, shorter than its client and verify fields";
                }
                String problem = tlvProblem(header, valueAt + 5, valueAt + length);
                if (problem != null) {
                    return "in the SSL TLV, " + problem;
                }
            }
            at = valueAt + length;
        }
        return null;
    }

    /** The CRC32C TLV holds, big-endian, the checksum of the whole header computed with its own value zeroed. */
    private static String checksumProblem(ByteBuffer header, int valueAt, int length, int total) {
        if (length != 4) {
            return "CRC32C TLV of " + length + " bytes instead of 4";
        }
        CRC32C crc = new CRC32C();
        crc.update(header.slice(0, valueAt));
        crc.update(ZERO_CHECKSUM, 0, 4);
        crc.update(header.slice(valueAt + 4, total - valueAt - 4));
        long expected = header.getInt(valueAt) & 0xffffffffL;
        return crc.getValue() == expected ? null
                : String.format("CRC32C %08x does not match the header's %08x", expected, crc.getValue());
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + bytes.length + " bytes", e);
        }
    }

    /** An address literal of the declared family, in the form the specification gives; never a DNS lookup. */
    private static InetAddress literal(String text, String family) {
        boolean v4 = family.equals("TCP4");
        if (v4 ? !text.matches(DOTTED_QUAD) : !text.matches("[0-9a-fA-F:.]+") || !text.contains(":")) {
            throw new IllegalArgumentException("'" + text + "' is not an " + (v4 ? "IPv4" : "IPv6") + " address");
        }
        try {
            // ofLiteral reads "::ffff:192.0.2.1" as the IPv4 client it stands for; a TCP6 line may carry it.
            InetAddress address = InetAddress.ofLiteral(text);
            if (v4 && !(address instanceof Inet4Address)) {
                throw new IllegalArgumentException("'" + text + "' does not match " + family);
            }
            return address;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not an address");
        }
    }

    private static int port(String text) {
        if (!text.matches("0|[1-9][0-9]{0,4}") || Integer.parseInt(text) > 65535) {
            throw new IllegalArgumentException("'" + text + "' is not a port");
        }
        return Integer.parseInt(text);
    }
}
