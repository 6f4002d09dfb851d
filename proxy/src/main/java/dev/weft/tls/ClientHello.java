package dev.weft.tls;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Finds the server name (SNI) in a TLS ClientHello without terminating TLS: reads the handshake records from the
 * start of the stream, reassembles a ClientHello split across records, and walks its extensions. Bounded: a
 * ClientHello that needs more than {@link #MAX_BYTES} of records is refused, as is anything that is not TLS.
 */
public final class ClientHello {
    public static final int MAX_BYTES = 16 * 1024;

    private static final int RECORD_HEADER = 5;
    private static final int HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;
    private static final int SERVER_NAME = 0;
    private static final int HOST_NAME = 0;

    /** What {@link #parse} found. */
    public sealed interface Result {
    }

    /** Not all of the ClientHello has arrived yet. */
    public record Incomplete() implements Result {
    }

    /** Not a TLS ClientHello, or one beyond the limits. */
    public record Invalid(String reason) implements Result {
    }

    /**
     * A whole ClientHello.
     *
     * @param serverName the SNI host name, as {@link ServerNames#hostName} gives it, or null when there is none
     * @param refused    an SNI offered that is not a host name, to be logged escaped, or null
     */
    public record Parsed(String serverName, String refused) implements Result {
    }

    private static final Incomplete INCOMPLETE = new Incomplete();
    private static final Parsed NO_SNI = new Parsed(null, null);

    private ClientHello() {
    }

    /** @param received the bytes read so far, from position 0 to the limit; not changed */
    public static Result parse(ByteBuffer received) {
        byte[] handshake = null;
        int handshakeLength = 0;
        int offset = 0;
        int limit = received.limit();
        while (true) {
            if (limit - offset < RECORD_HEADER) {
                return limit > MAX_BYTES ? new Invalid("ClientHello larger than " + MAX_BYTES + " bytes")
                        : INCOMPLETE;
            }
            int type = u8(received, offset);
            int major = u8(received, offset + 1);
            int length = u16(received, offset + 3);
            if (type != HANDSHAKE || major != 3) {
                return new Invalid("not a TLS handshake record");
            }
            if (length == 0 || length > (1 << 14)) {
                return new Invalid("bad TLS record length " + length);
            }
            if (limit - offset - RECORD_HEADER < length) {
                return offset + RECORD_HEADER + length > MAX_BYTES
                        ? new Invalid("ClientHello larger than " + MAX_BYTES + " bytes") : INCOMPLETE;
            }
            if (handshakeLength == 0 && length >= 4) {
                // Usually the whole ClientHello is in the first record: read it in place, copying nothing.
                int bodyLength = u24(received, offset + RECORD_HEADER + 1);
                if (u8(received, offset + RECORD_HEADER) == CLIENT_HELLO && bodyLength + 4 <= length) {
                    return serverName(received.slice(offset + RECORD_HEADER + 4, bodyLength));
                }
            }
            if (handshake == null) {
                handshake = new byte[MAX_BYTES];
            }
            if (handshakeLength + length > MAX_BYTES) {
                return new Invalid("ClientHello larger than " + MAX_BYTES + " bytes");
            }
            received.get(offset + RECORD_HEADER, handshake, handshakeLength, length);
            handshakeLength += length;
            offset += RECORD_HEADER + length;
            if (handshakeLength >= 4) {
                if ((handshake[0] & 0xff) != CLIENT_HELLO) {
                    return new Invalid("first handshake message is not a ClientHello");
                }
                int bodyLength = u24(ByteBuffer.wrap(handshake), 1);
                if (bodyLength + 4 > MAX_BYTES) {
                    return new Invalid("ClientHello larger than " + MAX_BYTES + " bytes");
                }
                if (handshakeLength >= bodyLength + 4) {
                    return serverName(ByteBuffer.wrap(handshake, 4, bodyLength).slice());
                }
            }
        }
    }

    private static Result serverName(ByteBuffer hello) {
        try {
            skip(hello, 2 + 32);
            skip(hello, u8(hello));
            skip(hello, u16(hello));
            skip(hello, u8(hello));
            if (!hello.hasRemaining()) {
                return NO_SNI;
            }
            int extensionsEnd = u16(hello) + hello.position();
            if (extensionsEnd > hello.limit()) {
                return new Invalid("extensions overrun the ClientHello");
            }
            while (hello.position() + 4 <= extensionsEnd) {
                int type = u16(hello);
                int length = u16(hello);
                if (type != SERVER_NAME) {
                    skip(hello, length);
                    continue;
                }
                int listEnd = u16(hello) + hello.position();
                while (hello.position() + 3 <= listEnd) {
                    int nameType = u8(hello);
                    int nameLength = u16(hello);
                    if (nameType == HOST_NAME) {
                        byte[] name = new byte[nameLength];
                        hello.get(name);
                        // One char per byte, so a refused name is logged exactly as offered.
                        String offered = new String(name, StandardCharsets.ISO_8859_1);
                        String hostName = ServerNames.hostName(offered);
                        return new Parsed(hostName, hostName == null ? offered : null);
                    }
                    skip(hello, nameLength);
                }
                return NO_SNI;
            }
            return NO_SNI;
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            // A length that points past the end: read or skipped beyond the buffer's limit.
            return new Invalid("malformed ClientHello");
        }
    }

    private static void skip(ByteBuffer buffer, int bytes) {
        buffer.position(buffer.position() + bytes);
    }

    private static int u8(ByteBuffer buffer) {
        return buffer.get() & 0xff;
    }

    private static int u16(ByteBuffer buffer) {
        return buffer.getShort() & 0xffff;
    }

    private static int u8(ByteBuffer buffer, int at) {
        return buffer.get(at) & 0xff;
    }

    private static int u16(ByteBuffer buffer, int at) {
        return buffer.getShort(at) & 0xffff;
    }

    private static int u24(ByteBuffer buffer, int at) {
        return (u8(buffer, at) << 16) | u16(buffer, at + 1);
    }
}
