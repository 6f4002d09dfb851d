package dev.weft.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.weft.testkit.TlsKit;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ClientHelloTest {

    @Test
    void findsTheServerName() throws Exception {
        assertEquals(new ClientHello.Parsed("api.example.com", null),
                ClientHello.parse(ByteBuffer.wrap(TlsKit.clientHello("API.example.com"))));
    }

    @Test
    void aHelloWithoutSniHasNoName() throws Exception {
        assertEquals(new ClientHello.Parsed(null, null), ClientHello.parse(ByteBuffer.wrap(TlsKit.clientHello(null))));
    }

    @Test
    void everyProperPrefixIsIncomplete() throws Exception {
        byte[] hello = TlsKit.clientHello("api.example.com");
        for (int length = 0; length < hello.length; length++) {
            assertInstanceOf(ClientHello.Incomplete.class,
                    ClientHello.parse(ByteBuffer.wrap(Arrays.copyOf(hello, length))), "prefix of " + length);
        }
    }

    @Test
    void aHelloSplitAcrossRecordsIsReassembled() throws Exception {
        byte[] hello = TlsKit.clientHello("split.example.com");
        byte[] handshake = Arrays.copyOfRange(hello, 5, hello.length);
        int cut = 40;
        ByteBuffer records = ByteBuffer.allocate(hello.length + 5);
        records.put(recordHeader(cut)).put(handshake, 0, cut);
        records.put(recordHeader(handshake.length - cut)).put(handshake, cut, handshake.length - cut);
        records.flip();
        assertEquals(new ClientHello.Parsed("split.example.com", null), ClientHello.parse(records));
        assertInstanceOf(ClientHello.Incomplete.class, ClientHello.parse(records.duplicate().limit(5 + cut + 7)));
    }

    @Test
    void aTrailingDotIsTheSameNameAndAnythingButANameIsNoSni() throws Exception {
        assertEquals(new ClientHello.Parsed("api.example.com", null), parse(withName("api.example.com.")));
        String hostile = "a\nb\"c\u001b[0m.example";
        assertEquals(new ClientHello.Parsed(null, hostile), parse(withName(hostile)));
        String high = "caf\u00e9\u00ff.example";
        assertEquals(new ClientHello.Parsed(null, high), parse(withName(high)), "kept byte for byte");
    }

    /** A ClientHello whose SNI bytes are {@code name}'s, one byte per char, whatever they are. */
    private static byte[] withName(String name) throws Exception {
        String stand = "x".repeat(name.length());
        byte[] hello = TlsKit.clientHello(stand);
        byte[] wanted = name.getBytes(StandardCharsets.ISO_8859_1);
        for (int at = 0; at + wanted.length <= hello.length; at++) {
            if (Arrays.equals(hello, at, at + wanted.length, stand.getBytes(StandardCharsets.US_ASCII), 0,
                    wanted.length)) {
                System.arraycopy(wanted, 0, hello, at, wanted.length);
                return hello;
            }
        }
        throw new AssertionError("no SNI in the ClientHello");
    }

    private static ClientHello.Result parse(byte[] hello) {
        return ClientHello.parse(ByteBuffer.wrap(hello));
    }

    @Test
    void anythingElseIsInvalid() throws Exception {
        assertInstanceOf(ClientHello.Invalid.class, ClientHello.parse(ByteBuffer.wrap(
                "GET / HTTP/1.1\r\n\r\n".getBytes())));
        byte[] hello = TlsKit.clientHello("x.test");
        hello[5] = 2;
        assertInstanceOf(ClientHello.Invalid.class, ClientHello.parse(ByteBuffer.wrap(hello)), "not a ClientHello");
        ByteBuffer huge = ByteBuffer.allocate(9);
        huge.put(recordHeader(4)).put(new byte[] {1, 0, 0x50, 0}).flip();
        assertInstanceOf(ClientHello.Invalid.class, ClientHello.parse(huge), "a 20 KiB ClientHello");
    }

    private static byte[] recordHeader(int length) {
        return new byte[] {22, 3, 1, (byte) (length >> 8), (byte) length};
    }
}
