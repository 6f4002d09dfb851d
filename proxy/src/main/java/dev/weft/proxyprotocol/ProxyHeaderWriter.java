package dev.weft.proxyprotocol;

import dev.weft.config.ProxyProtocolVersion;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes PROXY protocol headers, version 1 (text) and version 2 (binary, with TLVs), as HAProxy specifies them.
 * A v2 header for a TLS client carries the SNI ({@code PP2_TYPE_AUTHORITY}), the ALPN protocol
 * ({@code PP2_TYPE_ALPN}) and an SSL TLV with the version and cipher.
 */
public final class ProxyHeaderWriter {
    static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    static final int V2_VERSION = 0x20;
    static final int COMMAND_LOCAL = 0x0;
    static final int COMMAND_PROXY = 0x1;
    static final int FAMILY_UNSPEC = 0x00;
    static final int TCP_OVER_IPV4 = 0x11;
    static final int TCP_OVER_IPV6 = 0x21;
    static final int TLV_ALPN = 0x01;
    static final int TLV_AUTHORITY = 0x02;
    static final int TLV_SSL = 0x20;
    static final int TLV_SSL_VERSION = 0x21;
    static final int TLV_SSL_CN = 0x22;
    static final int TLV_SSL_CIPHER = 0x23;
    /** PP2_CLIENT_SSL: the client connected over TLS. */
    static final int CLIENT_SSL = 0x01;
    /** PP2_CLIENT_CERT_CONN and PP2_CLIENT_CERT_SESS: it presented a certificate, on this connection. */
    static final int CLIENT_CERT_CONN = 0x02;
    static final int CLIENT_CERT_SESS = 0x04;

    private ProxyHeaderWriter() {
    }

    /** Writes the header for {@code header} (and {@code tls}, for v2; may be null) into {@code out}. */
    public static void write(ProxyProtocolVersion version, ProxyHeader header, TlsDetails tls, ByteBuffer out) {
        switch (version) {
            case V1 -> v1(header, out);
            case V2 -> v2(header, tls, out);
            case NONE -> {
            }
        }
    }

    static void v1(ProxyHeader header, ByteBuffer out) {
        String line;
        if (!header.hasAddresses()) {
            line = "PROXY UNKNOWN\r\n";
        } else {
            boolean v4 = family(header) == TCP_OVER_IPV4;
            line = "PROXY " + (v4 ? "TCP4 " : "TCP6 ") + text(header.source().getAddress(), v4) + " "
                    + text(header.destination().getAddress(), v4) + " " + header.source().getPort() + " "
                    + header.destination().getPort() + "\r\n";
        }
        out.put(line.getBytes(StandardCharsets.US_ASCII));
    }

    static void v2(ProxyHeader header, TlsDetails tls, ByteBuffer out) {
        out.put(V2_SIGNATURE);
        int family = header.hasAddresses() ? family(header) : FAMILY_UNSPEC;
        out.put((byte) (V2_VERSION | (header.hasAddresses() ? COMMAND_PROXY : COMMAND_LOCAL)));
        out.put((byte) family);
        int lengthAt = out.position();
        out.putShort((short) 0);
        int start = out.position();
        if (family != FAMILY_UNSPEC) {
            out.put(bytes(header.source().getAddress(), family == TCP_OVER_IPV4));
            out.put(bytes(header.destination().getAddress(), family == TCP_OVER_IPV4));
            out.putShort((short) header.source().getPort());
            out.putShort((short) header.destination().getPort());
        }
        if (tls != null) {
            tlv(out, TLV_ALPN, tls.alpn());
            tlv(out, TLV_AUTHORITY, tls.serverName());
            if (tls.version() != null || tls.cipher() != null) {
                out.put((byte) TLV_SSL);
                int sslLengthAt = out.position();
                out.putShort((short) 0);
                int sslStart = out.position();
                ClientCertificate certificate = tls.clientCertificate();
                out.put((byte) (certificate == null ? CLIENT_SSL : CLIENT_SSL | CLIENT_CERT_CONN | CLIENT_CERT_SESS));
                // verify: zero only for a certificate presented and verified, as the specification has it.
                out.putInt(certificate == null ? 1 : 0);
                tlv(out, TLV_SSL_VERSION, tls.version());
                tlv(out, TLV_SSL_CN, certificate == null ? null : certificate.commonName());
                tlv(out, TLV_SSL_CIPHER, tls.cipher());
                out.putShort(sslLengthAt, (short) (out.position() - sslStart));
            }
        }
        out.putShort(lengthAt, (short) (out.position() - start));
    }

    /**
     * The v2 family and protocol byte for a header's two addresses: TCP over IPv4 when both are IPv4, else over IPv6,
     * with an IPv4 address written v4-mapped. A client that reached an IPv6 listener from IPv4 keeps its address.
     */
    private static int family(ProxyHeader header) {
        return header.source().getAddress() instanceof Inet4Address
                && header.destination().getAddress() instanceof Inet4Address ? TCP_OVER_IPV4 : TCP_OVER_IPV6;
    }

    /** The address's 4 bytes, or its 16, an IPv4 address v4-mapped ({@code ::ffff:a.b.c.d}). */
    private static byte[] bytes(InetAddress address, boolean v4) {
        byte[] raw = address.getAddress();
        if (v4 || raw.length == 16) {
            return raw;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(raw, 0, mapped, 12, 4);
        return mapped;
    }

    private static void tlv(ByteBuffer out, int type, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        out.put((byte) type);
        out.putShort((short) bytes.length);
        out.put(bytes);
    }

    /** The address as the v1 header writes it: dotted quad, or IPv6 without brackets or scope. */
    private static String text(InetAddress address, boolean v4) {
        if (!v4 && address instanceof Inet4Address) {
            return "::ffff:" + address.getHostAddress();
        }
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        return scope < 0 ? text : text.substring(0, scope);
    }
}
