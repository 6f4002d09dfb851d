package dev.weft.proxy;

import dev.weft.transport.StreamConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * Reads the first bytes a client sends into one buffer until a parser can decide what they are: a PROXY header or
 * a TLS ClientHello. The buffer's limit bounds it, so a client cannot make Weft read or hold more than that.
 */
final class ClientPrefix {
    private ClientPrefix() {
    }

    /**
     * Parses what {@code received} holds (bytes read before, if any) and reads more until {@code parse} returns a
     * verdict that is not an {@code incomplete} one, and returns it; {@code parse} sees the bytes so far, flipped.
     *
     * @param what names the prefix in errors: "PROXY header", "ClientHello"
     * @throws IOException when the client ends first, or the prefix is not decided within the buffer's limit
     */
    static <T> T read(StreamConnection client, ByteBuffer received, Function<ByteBuffer, T> parse,
                      Class<? extends T> incomplete, String what) throws IOException {
        boolean readFirst = received.position() == 0;
        while (true) {
            if (readFirst && client.read(received) < 0) {
                throw new IOException("closed before the end of its " + what);
            }
            readFirst = true;
            T verdict = parse.apply(received.duplicate().flip());
            if (!incomplete.isInstance(verdict)) {
                return verdict;
            }
            if (!received.hasRemaining()) {
                throw new IOException(what + " longer than " + received.limit() + " bytes");
            }
        }
    }
}
