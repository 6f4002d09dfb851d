package dev.weft.proxyprotocol;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Parses a PROXY protocol header at the start of a connection, version 1 or 2, told apart by their first bytes.
 * Bounded: a v1 line is at most {@value #V1_MAX} bytes, a v2 header at most {@value #V2_MAX}. A header that is
 * malformed, or longer, is refused; so is a connection that does not start with one.
 */
public final class ProxyHeaderReader {
    /** The longest v1 line, CRLF included, per the specification. */
    public static final int V1_MAX = 107;
    /** The longest v2 header Weft reads: the fixed part and up to 2 KiB of addresses and TLVs. */
    public static final int V2_MAX = 16 + 2048;

    private static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);

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
            return new Parsed(ProxyHeader.LOCAL, total);
        }
        int addressBytes = switch (family) {
            case ProxyHeaderWriter.TCP_OVER_IPV4 -> 4;
            case ProxyHeaderWriter.TCP_OVER_IPV6 -> 16;
            default -> 0;
        };
        if (addressBytes == 0) {
            // Another family (UNIX, UDP, UNSPEC): keep the connection's own addresses, as the specification says.
            return new Parsed(ProxyHeader.LOCAL, total);
        }
        if (length < 2 * addressBytes + 4) {
            return new Invalid("PROXY v2 address block shorter than its family needs");
        }
        try {
            byte[] source = new byte[addressBytes];
            byte[] destination = new byte[addressBytes];
            received.get(16, source);
            received.get(16 + addressBytes, destination);
            int sourcePort = received.getShort(16 + 2 * addressBytes) & 0xffff;
            int destinationPort = received.getShort(18 + 2 * addressBytes) & 0xffff;
            return new Parsed(new ProxyHeader(new InetSocketAddress(InetAddress.getByAddress(source), sourcePort),
                    new InetSocketAddress(InetAddress.getByAddress(destination), destinationPort)), total);
        } catch (UnknownHostException e) {
            return new Invalid("PROXY v2 address of a wrong length");
        }
    }

    /** An address literal of the declared family; never a DNS lookup. */
    private static InetAddress literal(String text, String family) {
        boolean v4 = family.equals("TCP4");
        if (v4 ? !text.matches("\\d{1,3}(\\.\\d{1,3}){3}") : !text.matches("[0-9a-fA-F:.]+") || !text.contains(":")) {
            throw new IllegalArgumentException("'" + text + "' is not an " + (v4 ? "IPv4" : "IPv6") + " address");
        }
        try {
            InetAddress address = InetAddress.ofLiteral(text);
            if (v4 != (address.getAddress().length == 4)) {
                throw new IllegalArgumentException("'" + text + "' does not match " + family);
            }
            return address;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not an address");
        }
    }

    private static int port(String text) {
        if (!text.matches("\\d{1,5}") || Integer.parseInt(text) > 65535) {
            throw new IllegalArgumentException("'" + text + "' is not a port");
        }
        return Integer.parseInt(text);
    }
}
