package dev.weft.proxyprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.weft.config.ProxyProtocolVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProxyHeaderTest {
    private static final ProxyHeader IPV4 = new ProxyHeader(new InetSocketAddress("192.0.2.10", 56324),
            new InetSocketAddress("198.51.100.1", 443));
    private static final ProxyHeader IPV6 = new ProxyHeader(new InetSocketAddress("2001:db8::1", 1234),
            new InetSocketAddress("2001:db8::2", 443));

    private static byte[] written(ProxyProtocolVersion version, ProxyHeader header, TlsDetails tls) {
        ByteBuffer out = ByteBuffer.allocate(4096);
        ProxyHeaderWriter.write(version, header, tls, out);
        return Arrays.copyOf(out.array(), out.position());
    }

    @Test
    void v1LinesFollowTheSpecification() {
        assertEquals("PROXY TCP4 192.0.2.10 198.51.100.1 56324 443\r\n",
                new String(written(ProxyProtocolVersion.V1, IPV4, null), StandardCharsets.US_ASCII));
        assertEquals("PROXY TCP6 2001:db8:0:0:0:0:0:1 2001:db8:0:0:0:0:0:2 1234 443\r\n",
                new String(written(ProxyProtocolVersion.V1, IPV6, null), StandardCharsets.US_ASCII));
        assertEquals("PROXY UNKNOWN\r\n",
                new String(written(ProxyProtocolVersion.V1, ProxyHeader.LOCAL, null), StandardCharsets.US_ASCII));
    }

    @Test
    void v2HeadersAreExactBytes() {
        assertEquals("0d0a0d0a000d0a515549540a" + "21" + "11" + "000c" + "c000020a" + "c6336401" + "dc04" + "01bb",
                HexFormat.of().formatHex(written(ProxyProtocolVersion.V2, IPV4, null)));
        assertEquals("0d0a0d0a000d0a515549540a" + "20" + "00" + "0000",
                HexFormat.of().formatHex(written(ProxyProtocolVersion.V2, ProxyHeader.LOCAL, null)));
        byte[] v6 = written(ProxyProtocolVersion.V2, IPV6, null);
        assertEquals(16 + 36, v6.length);
        assertEquals(0x21, v6[13]);
    }

    @Test
    void v2CarriesTlsDetailsAsTlvs() {
        byte[] header = written(ProxyProtocolVersion.V2, IPV4, new TlsDetails("api.example.com", "h2", "TLSv1.3",
                "TLS_AES_128_GCM_SHA256", null));
        String tlvs = HexFormat.of().formatHex(header, 16 + 12, header.length);
        String alpn = "01" + "0002" + hex("h2");
        String authority = "02" + "000f" + hex("api.example.com");
        String version = "21" + "0007" + hex("TLSv1.3");
        String cipher = "23" + "0016" + hex("TLS_AES_128_GCM_SHA256");
        // No client certificate: "verify" is non-zero.
        String ssl = "20" + String.format("%04x", 5 + version.length() / 2 + cipher.length() / 2) + "01" + "00000001"
                + version + cipher;
        assertEquals(alpn + authority + ssl, tlvs);
        assertEquals(header.length - 16, ByteBuffer.wrap(header).getShort(14));
    }

    @Test
    void aVerifiedClientCertificateSetsItsFlagsAndItsCommonName() {
        byte[] header = written(ProxyProtocolVersion.V2, IPV4, new TlsDetails(null, null, "TLSv1.3",
                "TLS_AES_128_GCM_SHA256", new ClientCertificate("CN=db-client,O=Example", "db-client", List.of(),
                "00")));
        String tlvs = HexFormat.of().formatHex(header, 16 + 12, header.length);
        String version = "21" + "0007" + hex("TLSv1.3");
        String cn = "22" + "0009" + hex("db-client");
        String cipher = "23" + "0016" + hex("TLS_AES_128_GCM_SHA256");
        // PP2_CLIENT_SSL | PP2_CLIENT_CERT_CONN | PP2_CLIENT_CERT_SESS, verified (0), as HAProxy sends them.
        String ssl = "20" + String.format("%04x", 5 + (version + cn + cipher).length() / 2) + "07" + "00000000"
                + version + cn + cipher;
        assertEquals(ssl, tlvs);
    }

    @Test
    void whatIsWrittenIsReadBack() {
        for (ProxyProtocolVersion version : new ProxyProtocolVersion[] {ProxyProtocolVersion.V1,
                ProxyProtocolVersion.V2}) {
            for (ProxyHeader header : new ProxyHeader[] {IPV4, IPV6, ProxyHeader.LOCAL}) {
                byte[] bytes = written(version, header, TlsDetails.serverNameOnly("x.test"));
                ByteBuffer withPayload = ByteBuffer.allocate(bytes.length + 5).put(bytes).put("hello".getBytes())
                        .flip();
                assertEquals(new ProxyHeaderReader.Parsed(header, bytes.length),
                        ProxyHeaderReader.parse(withPayload), version + " " + header);
                for (int prefix = 0; prefix < bytes.length; prefix++) {
                    assertInstanceOf(ProxyHeaderReader.Incomplete.class,
                            ProxyHeaderReader.parse(ByteBuffer.wrap(bytes, 0, prefix).slice()),
                            version + " prefix of " + prefix);
                }
            }
        }
    }

    @Test
    void badHeadersAreRefused() {
        for (String bad : new String[] {
                "GET / HTTP/1.1\r\n\r\n",
                "PROXY TCP4 192.0.2.10 198.51.100.1 56324\r\n",
                "PROXY TCP4 192.0.2.10 2001:db8::1 1 2\r\n",
                "PROXY TCP4 example.com 198.51.100.1 1 2\r\n",
                "PROXY TCP4 192.0.2.10 198.51.100.1 70000 2\r\n",
                "PROXY TCP5 192.0.2.10 198.51.100.1 1 2\r\n",
                "PROXY " + "9".repeat(120) + "\r\n"}) {
            assertInstanceOf(ProxyHeaderReader.Invalid.class,
                    ProxyHeaderReader.parse(ByteBuffer.wrap(bad.getBytes(StandardCharsets.US_ASCII))), bad);
        }
        byte[] wrongVersion = written(ProxyProtocolVersion.V2, IPV4, null);
        wrongVersion[12] = 0x11;
        assertInstanceOf(ProxyHeaderReader.Invalid.class, ProxyHeaderReader.parse(ByteBuffer.wrap(wrongVersion)));
        byte[] tooLong = written(ProxyProtocolVersion.V2, IPV4, null);
        ByteBuffer.wrap(tooLong).putShort(14, (short) 60000);
        assertInstanceOf(ProxyHeaderReader.Invalid.class, ProxyHeaderReader.parse(ByteBuffer.wrap(tooLong)));
        byte[] shortBlock = written(ProxyProtocolVersion.V2, IPV4, null);
        ByteBuffer.wrap(shortBlock).putShort(14, (short) 4);
        assertInstanceOf(ProxyHeaderReader.Invalid.class,
                ProxyHeaderReader.parse(ByteBuffer.wrap(shortBlock, 0, 20).slice()));
    }

    /** One row of the conformance table: what a header is, its bytes, and what the reader must make of it. */
    record Row(String what, byte[] bytes, ProxyHeader expected) {
        @Override
        public String toString() {
            return what;
        }
    }

    private static final ProxyHeader REFUSED = new ProxyHeader(new InetSocketAddress(0), new InetSocketAddress(0));

    private static Row v1(String what, String line, ProxyHeader expected) {
        return new Row(what, line.getBytes(StandardCharsets.ISO_8859_1), expected);
    }

    /** A v2 header: signature, version and command, family, then {@code body} hex with its length before it. */
    private static Row v2(String what, int versionCommand, int family, String body, ProxyHeader expected) {
        byte[] payload = HexFormat.of().parseHex(body);
        ByteBuffer out = ByteBuffer.allocate(16 + payload.length).put(ProxyHeaderWriter.V2_SIGNATURE)
                .put((byte) versionCommand).put((byte) family).putShort((short) payload.length).put(payload);
        return new Row(what, out.array(), expected);
    }

    private static ProxyHeader tcp(String source, int sourcePort, String destination, int destinationPort) {
        return new ProxyHeader(new InetSocketAddress(InetAddress.ofLiteral(source), sourcePort),
                new InetSocketAddress(InetAddress.ofLiteral(destination), destinationPort));
    }

    /** A v2 TCP4 header with the given TLVs and a CRC32C TLV that is right, or off by one when {@code wrong}. */
    private static Row withChecksum(String what, boolean wrong) {
        String addresses = "c000020a" + "c6336401" + "dc04" + "01bb";
        Row zeroed = v2(what, 0x21, 0x11, addresses + "03" + "0004" + "00000000", null);
        CRC32C crc = new CRC32C();
        crc.update(zeroed.bytes());
        ByteBuffer.wrap(zeroed.bytes()).putInt(zeroed.bytes().length - 4, (int) crc.getValue() + (wrong ? 1 : 0));
        return new Row(what, zeroed.bytes(), wrong ? REFUSED : tcp("192.0.2.10", 56324, "198.51.100.1", 443));
    }

    static List<Row> conformance() {
        String v4 = "c000020a" + "c6336401" + "dc04" + "01bb";
        ProxyHeader v4Header = tcp("192.0.2.10", 56324, "198.51.100.1", 443);
        String mapped = "00000000000000000000ffffc000020a" + "20010db8000000000000000000000002" + "dc04" + "01bb";
        return List.of(
                v1("v1 TCP4", "PROXY TCP4 192.0.2.10 198.51.100.1 56324 443\r\n", v4Header),
                v1("v1 TCP4 zero octets and ports", "PROXY TCP4 0.0.0.0 255.255.255.255 0 65535\r\n",
                        tcp("0.0.0.0", 0, "255.255.255.255", 65535)),
                v1("v1 TCP6", "PROXY TCP6 2001:db8::1 2001:db8::2 1234 443\r\n",
                        tcp("2001:db8::1", 1234, "2001:db8::2", 443)),
                v1("v1 TCP6 with a v4-mapped client", "PROXY TCP6 ::ffff:192.0.2.10 2001:db8::2 1234 443\r\n",
                        tcp("192.0.2.10", 1234, "2001:db8::2", 443)),
                v1("v1 UNKNOWN", "PROXY UNKNOWN\r\n", ProxyHeader.LOCAL),
                v1("v1 UNKNOWN with addresses", "PROXY UNKNOWN ffff:: ffff:: 1 2\r\n", ProxyHeader.LOCAL),
                v1("v1 octet with a leading zero", "PROXY TCP4 010.2.3.4 198.51.100.1 1 2\r\n", REFUSED),
                v1("v1 octet over 255", "PROXY TCP4 192.0.2.256 198.51.100.1 1 2\r\n", REFUSED),
                v1("v1 port with a leading zero", "PROXY TCP4 192.0.2.10 198.51.100.1 0080 2\r\n", REFUSED),
                v1("v1 port over 65535", "PROXY TCP4 192.0.2.10 198.51.100.1 65536 2\r\n", REFUSED),
                v1("v1 signed port", "PROXY TCP4 192.0.2.10 198.51.100.1 +80 2\r\n", REFUSED),
                v1("v1 two spaces", "PROXY TCP4  192.0.2.10 198.51.100.1 1 2\r\n", REFUSED),
                v1("v1 IPv6 in TCP4", "PROXY TCP4 2001:db8::1 198.51.100.1 1 2\r\n", REFUSED),
                v1("v1 IPv6 with a scope", "PROXY TCP6 fe80::1%eth0 2001:db8::2 1 2\r\n", REFUSED),
                v1("v1 host name", "PROXY TCP4 localhost 198.51.100.1 1 2\r\n", REFUSED),
                v1("v1 lower-case protocol", "PROXY tcp4 192.0.2.10 198.51.100.1 1 2\r\n", REFUSED),
                v1("v1 LF without CR", "PROXY TCP4 192.0.2.10 198.51.100.1 1 2\n\r\n", REFUSED),
                v1("v1 missing port", "PROXY TCP4 192.0.2.10 198.51.100.1 56324\r\n", REFUSED),
                v2("v2 TCP4", 0x21, 0x11, v4, v4Header),
                v2("v2 TCP4 with NOOP and unknown TLVs", 0x21, 0x11, v4 + "04" + "0002" + "0000" + "e0" + "0000",
                        v4Header),
                v2("v2 TCP6 with a v4-mapped client", 0x21, 0x21, mapped, tcp("192.0.2.10", 56324, "2001:db8::2", 443)),
                v2("v2 LOCAL", 0x20, 0x00, "", ProxyHeader.LOCAL),
                v2("v2 LOCAL ignores its block", 0x20, 0xff, "0102", ProxyHeader.LOCAL),
                v2("v2 UNSPEC", 0x21, 0x00, "", ProxyHeader.LOCAL),
                v2("v2 UDP4 keeps the connection's addresses", 0x21, 0x12, v4, ProxyHeader.LOCAL),
                v2("v2 UNIX stream", 0x21, 0x31, "00".repeat(216), ProxyHeader.LOCAL),
                v2("v2 family 0xFF", 0x21, 0xff, v4, REFUSED),
                v2("v2 family 0x41", 0x21, 0x41, v4, REFUSED),
                v2("v2 INET with transport 3", 0x21, 0x13, v4, REFUSED),
                v2("v2 INET with transport UNSPEC", 0x21, 0x10, v4, REFUSED),
                v2("v2 UNSPEC family with a transport", 0x21, 0x01, "", REFUSED),
                v2("v2 version 1", 0x11, 0x11, v4, REFUSED),
                v2("v2 command 2", 0x22, 0x11, v4, REFUSED),
                v2("v2 address block short", 0x21, 0x11, "c000020ac6336401dc04", REFUSED),
                v2("v2 TLV overruns the header", 0x21, 0x11, v4 + "04" + "0010" + "00", REFUSED),
                v2("v2 TLV header cut short", 0x21, 0x11, v4 + "0400", REFUSED),
                v2("v2 SSL TLV shorter than its fields", 0x21, 0x11, v4 + "20" + "0002" + "0100", REFUSED),
                v2("v2 SSL sub-TLV overruns the SSL TLV", 0x21, 0x11, v4 + "20" + "0008" + "01" + "00000000"
                        + "21" + "0009", REFUSED),
                v2("v2 CRC32C TLV of 2 bytes", 0x21, 0x11, v4 + "03" + "0002" + "0000", REFUSED),
                withChecksum("v2 CRC32C that matches", false),
                withChecksum("v2 CRC32C that does not match", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conformance")
    void theParserFollowsTheSpecification(Row row) {
        ProxyHeaderReader.Result result = ProxyHeaderReader.parse(ByteBuffer.wrap(row.bytes()));
        if (row.expected() == REFUSED) {
            assertInstanceOf(ProxyHeaderReader.Invalid.class, result);
        } else {
            assertEquals(new ProxyHeaderReader.Parsed(row.expected(), row.bytes().length), result);
        }
    }

    @Test
    void aV4MappedClientIsWrittenOnWithItsAddress() {
        ProxyHeader mixed = tcp("192.0.2.10", 56324, "2001:db8::2", 443);
        for (ProxyProtocolVersion version : new ProxyProtocolVersion[] {ProxyProtocolVersion.V1,
                ProxyProtocolVersion.V2}) {
            byte[] bytes = written(version, mixed, null);
            assertEquals(new ProxyHeaderReader.Parsed(mixed, bytes.length),
                    ProxyHeaderReader.parse(ByteBuffer.wrap(bytes)), version.toString());
        }
        assertEquals("PROXY TCP6 ::ffff:192.0.2.10 2001:db8:0:0:0:0:0:2 56324 443\r\n",
                new String(written(ProxyProtocolVersion.V1, mixed, null), StandardCharsets.US_ASCII));
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.US_ASCII));
    }
}
