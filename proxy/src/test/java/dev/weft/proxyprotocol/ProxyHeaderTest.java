package dev.weft.proxyprotocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.weft.config.ProxyProtocolVersion;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

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

    @Test
    void v2ForOtherFamiliesKeepsTheConnectionsAddresses() {
        byte[] unix = written(ProxyProtocolVersion.V2, ProxyHeader.LOCAL, null);
        unix[12] = 0x21;
        unix[13] = 0x31;
        assertArrayEquals(new byte[] {0, 0}, Arrays.copyOfRange(unix, 14, 16));
        assertEquals(new ProxyHeaderReader.Parsed(ProxyHeader.LOCAL, 16),
                ProxyHeaderReader.parse(ByteBuffer.wrap(unix)));
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.US_ASCII));
    }
}
