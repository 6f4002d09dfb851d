package dev.weft.fuzz;

import dev.weft.config.ProxyProtocolVersion;
import dev.weft.proxyprotocol.ProxyHeaderReader;
import dev.weft.proxyprotocol.ProxyHeaderWriter;
import java.nio.ByteBuffer;

/**
 * Jazzer target: the PROXY v1/v2 parser. Any input gets a verdict, never an exception; the buffer is left as it
 * was; a header it accepts is no longer than the input; and one with addresses, written back out as v1 and v2,
 * parses to the same addresses.
 */
public final class ProxyHeaderFuzzer {
    private ProxyHeaderFuzzer() {
    }

    public static void fuzzerTestOneInput(byte[] data) {
        ByteBuffer input = ByteBuffer.wrap(data);
        ProxyHeaderReader.Result result = ProxyHeaderReader.parse(input);
        if (input.position() != 0 || input.limit() != data.length) {
            throw new IllegalStateException("parse moved the buffer");
        }
        if (result instanceof ProxyHeaderReader.Parsed parsed) {
            if (parsed.length() <= 0 || parsed.length() > data.length) {
                throw new IllegalStateException("a header of " + parsed.length() + " bytes in " + data.length);
            }
            if (parsed.header().hasAddresses()) {
                for (ProxyProtocolVersion version : new ProxyProtocolVersion[] {ProxyProtocolVersion.V1,
                        ProxyProtocolVersion.V2}) {
                    ByteBuffer out = ByteBuffer.allocate(ProxyHeaderReader.V2_MAX);
                    ProxyHeaderWriter.write(version, parsed.header(), null, out);
                    ProxyHeaderReader.Result again = ProxyHeaderReader.parse(out.flip());
                    if (!(again instanceof ProxyHeaderReader.Parsed back) || !back.header().equals(parsed.header())) {
                        throw new IllegalStateException(version + " round trip of " + parsed.header() + ": " + again);
                    }
                }
            }
        }
    }
}
