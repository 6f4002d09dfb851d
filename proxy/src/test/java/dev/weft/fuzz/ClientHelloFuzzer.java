package dev.weft.fuzz;

import dev.weft.tls.ClientHello;
import dev.weft.tls.ServerNames;
import java.nio.ByteBuffer;

/**
 * Jazzer target: the ClientHello parser a passthrough listener routes by. Any input gets a verdict, never an
 * exception; a name it routes by is a valid host name; a refused one is reported only without a routed one.
 */
public final class ClientHelloFuzzer {
    private ClientHelloFuzzer() {
    }

    public static void fuzzerTestOneInput(byte[] data) {
        ByteBuffer input = ByteBuffer.wrap(data);
        ClientHello.Result result = ClientHello.parse(input);
        if (input.position() != 0 || input.limit() != data.length) {
            throw new IllegalStateException("parse moved the buffer");
        }
        if (result instanceof ClientHello.Parsed parsed) {
            String name = parsed.serverName();
            if (name != null && !name.equals(ServerNames.hostName(name))) {
                throw new IllegalStateException("routed by a name that is not a host name: " + name);
            }
            if (name != null && parsed.refused() != null) {
                throw new IllegalStateException("both a name and a refused one");
            }
        }
    }
}
