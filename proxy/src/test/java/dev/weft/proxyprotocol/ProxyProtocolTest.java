package dev.weft.proxyprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.config.ProxyProtocolVersion;
import dev.weft.testkit.Await;
import dev.weft.testkit.IoMode;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.TlsEngine;
import dev.weft.testkit.TlsKit.PemPair;
import dev.weft.testkit.TlsKit;
import dev.weft.testkit.WeftFixture;
import dev.weft.tls.SelfSignedCertificate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * PROXY headers to backends, byte for byte, and from a balancer in front. Different 127.0.0.x source addresses
 * stand for different clients.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProxyProtocolTest {
    @TempDir
    Path directory;

    /** A backend that reads the PROXY header, records its exact bytes, then echoes. */
    private static final class HeaderRecordingEcho implements TestServer.Handler {
        final BlockingQueue<byte[]> headers = new LinkedBlockingQueue<>();

        @Override
        public void handle(SocketChannel channel) throws Exception {
            headers.add(readHeader(channel));
            TestServer.ECHO.handle(channel);
        }
    }

    /** Reads exactly one v1 line or one v2 header, and not a byte more. */
    static byte[] readHeader(SocketChannel channel) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(Streams.readBytes(channel, 1));
        if (header.toByteArray()[0] == 'P') {
            while (!header.toString(StandardCharsets.US_ASCII).endsWith("\r\n")) {
                header.write(Streams.readBytes(channel, 1));
            }
        } else {
            header.write(Streams.readBytes(channel, 15));
            header.write(Streams.readBytes(channel, ByteBuffer.wrap(header.toByteArray()).getShort(14) & 0xffff));
        }
        return header.toByteArray();
    }

    private static SocketChannel connectFrom(String sourceAddress, InetSocketAddress target) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.bind(new InetSocketAddress(sourceAddress, 0));
        channel.connect(target);
        return channel;
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void v1AndV2HeadersCarryTheClientsAddressByteForByte(IoMode io) throws Exception {
        for (String version : new String[] {"v1", "v2"}) {
            HeaderRecordingEcho backend = new HeaderRecordingEcho();
            try (TestServer server = TestServer.start(backend);
                 WeftFixture weft = WeftFixture.proxyTo(io, "proxy-protocol = " + version, server.hostPort());
                 SocketChannel client = connectFrom("127.0.0.2", weft.address())) {
                Streams.write(client, "payload");
                assertEquals("payload", Streams.readExactly(client, 7), "the client's bytes follow the header");
                InetSocketAddress from = (InetSocketAddress) client.getLocalAddress();
                byte[] header = backend.headers.poll(10, TimeUnit.SECONDS);
                if (version.equals("v1")) {
                    assertEquals("PROXY TCP4 127.0.0.2 127.0.0.1 " + from.getPort() + " " + weft.address().getPort()
                            + "\r\n", new String(header, StandardCharsets.US_ASCII));
                } else {
                    assertEquals("0d0a0d0a000d0a515549540a" + "21" + "11" + "000c" + "7f000002" + "7f000001"
                                    + String.format("%04x%04x", from.getPort(), weft.address().getPort()),
                            HexFormat.of().formatHex(header));
                }
            }
        }
    }

    @Test
    void ipv6ClientsGetTcp6Headers() throws Exception {
        HeaderRecordingEcho backend = new HeaderRecordingEcho();
        try (TestServer server = TestServer.start(backend);
             WeftFixture weft = WeftFixture.start(IoMode.NATIVE_SPLICE, """
                     weft {
                       listeners.front { bind = "[::1]:0", backend = app }
                       backends.app { endpoints = ["%s"], health-check.enabled = false, proxy-protocol = v1 }
                     }
                     """.formatted(server.hostPort()));
             SocketChannel client = SocketChannel.open(weft.address())) {
            Streams.write(client, "six");
            assertEquals("six", Streams.readExactly(client, 3));
            int port = ((InetSocketAddress) client.getLocalAddress()).getPort();
            assertEquals("PROXY TCP6 0:0:0:0:0:0:0:1 0:0:0:0:0:0:0:1 " + port + " " + weft.address().getPort() + "\r\n",
                    new String(backend.headers.poll(10, TimeUnit.SECONDS), StandardCharsets.US_ASCII));
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void aHeaderFromABalancerInFrontBecomesTheClientsAddress(IoMode io) throws Exception {
        HeaderRecordingEcho backend = new HeaderRecordingEcho();
        try (TestServer server = TestServer.start(backend);
             WeftFixture weft = WeftFixture.start(io, """
                     weft {
                       listeners.front { bind = "127.0.0.1:0", backend = app, accept-proxy-protocol = true }
                       backends.app { endpoints = ["%s"], health-check.enabled = false, proxy-protocol = v2 }
                     }
                     """.formatted(server.hostPort()))) {
            // Header and first bytes in one write, as a balancer sends them: nothing after the header may be lost.
            try (SocketChannel client = SocketChannel.open(weft.address())) {
                Streams.write(client, "PROXY TCP4 203.0.113.7 198.51.100.1 5555 443\r\nafter the header");
                assertEquals("after the header", Streams.readExactly(client, 16));
                assertEquals("0d0a0d0a000d0a515549540a" + "21" + "11" + "000c" + "cb007107" + "c6336401" + "15b3"
                        + "01bb", HexFormat.of().formatHex(backend.headers.poll(10, TimeUnit.SECONDS)));
            }
            ByteBuffer v2 = ByteBuffer.allocate(64);
            ProxyHeaderWriter.write(ProxyProtocolVersion.V2, new ProxyHeader(
                    new InetSocketAddress("2001:db8::7", 4000), new InetSocketAddress("2001:db8::1", 443)), null, v2);
            try (SocketChannel client = SocketChannel.open(weft.address())) {
                client.write(v2.flip());
                Streams.write(client, "v2 in front");
                assertEquals("v2 in front", Streams.readExactly(client, 11));
                byte[] header = backend.headers.poll(10, TimeUnit.SECONDS);
                assertEquals(new ProxyHeaderReader.Parsed(new ProxyHeader(new InetSocketAddress("2001:db8::7", 4000),
                        new InetSocketAddress("2001:db8::1", 443)), header.length),
                        ProxyHeaderReader.parse(ByteBuffer.wrap(header)));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void aConnectionWithoutAValidHeaderIsClosedAndOnlyIt(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.start(io, """
                     weft {
                       listeners.front { bind = "127.0.0.1:0", backend = app, accept-proxy-protocol = true,
                                         proxy-protocol-timeout = 1s }
                       backends.app { endpoints = ["%s"], health-check.enabled = false }
                     }
                     """.formatted(server.hostPort()));
             SocketChannel good = SocketChannel.open(weft.address())) {
            Streams.write(good, "PROXY TCP4 192.0.2.1 192.0.2.2 1000 2000\r\n");
            for (String bad : new String[] {"GET / HTTP/1.1\r\n\r\n", "PROXY TCP4 1.2.3 4.5.6.7 1 2\r\n", "PROX"}) {
                try (SocketChannel client = SocketChannel.open(weft.address())) {
                    Streams.write(client, bad);
                    // The last one never finishes its header: closed at the timeout.
                    assertEquals(-1, client.read(ByteBuffer.allocate(64)), bad);
                }
                Streams.write(good, "still fine");
                assertEquals("still fine", Streams.readExactly(good, 10));
            }
            assertEquals(1, server.accepted(), "no bad client reached the backend");
        }
    }

    /**
     * The header and the handshake behind it each have their own timeout: a client trickling its header is closed
     * at the header's, and one that sent its header has the whole handshake timeout from then on.
     */
    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void theHeaderAndTheHandshakeEachHaveTheirOwnTimeout(TlsEngine engine) throws Exception {
        PemPair certificate = TlsKit.write(directory, "timeouts", SelfSignedCertificate.create(
                SelfSignedCertificate.KeyKind.EC, Duration.ofDays(1), "timeouts.test"));
        try (TestServer server = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.start(engine.io(), """
                     weft {
                       listeners.front { bind = "127.0.0.1:0", backend = app, protocol = tls,
                                         accept-proxy-protocol = true, proxy-protocol-timeout = 500ms,
                                         tls { certificates = [%s], handshake-timeout = 3s, %s } }
                       backends.app { endpoints = ["%s"], health-check.enabled = false }
                     }
                     """.formatted(certificate.hocon(), engine.setting(), server.hostPort()));
             java.net.Socket trickling = new java.net.Socket(weft.address().getAddress(), weft.address().getPort());
             java.net.Socket headed = new java.net.Socket(weft.address().getAddress(), weft.address().getPort())) {
            long start = System.nanoTime();
            trickling.getOutputStream().write("PROX".getBytes(StandardCharsets.US_ASCII));
            headed.getOutputStream().write("PROXY TCP4 192.0.2.1 192.0.2.2 1000 2000\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            trickling.setSoTimeout(10_000);
            assertEquals(-1, trickling.getInputStream().read(), "closed at the header's timeout");
            long headerClosed = System.nanoTime() - start;
            assertTrue(headerClosed < TimeUnit.MILLISECONDS.toNanos(2500),
                    "closed after " + headerClosed / 1_000_000 + " ms, before the handshake timeout could count");
            headed.setSoTimeout(1000);
            assertThrows(java.net.SocketTimeoutException.class, () -> headed.getInputStream().read(),
                    "still open after its header's timeout: its handshake has 3 s from the header");
            headed.setSoTimeout(10_000);
            assertEquals(-1, headed.getInputStream().read(), "closed at the handshake timeout");
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(2900), "not before 3 s");
        }
    }

    /** With the client's verified certificate: the CN and the PP2_CLIENT_CERT flags, on both engines. */
    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void tlsDetailsTravelInTheV2Header(TlsEngine engine) throws Exception {
        PemPair certificate = TlsKit.write(directory, "pp", SelfSignedCertificate.create(
                SelfSignedCertificate.KeyKind.EC, Duration.ofDays(1), "pp.test"));
        SelfSignedCertificate authority = SelfSignedCertificate.authority("PP Client CA");
        Path clientCa = TlsKit.write(directory, "pp-ca", authority).cert();
        SelfSignedCertificate clientCertificate = authority.issue(SelfSignedCertificate.KeyKind.EC, "db-client");
        HeaderRecordingEcho backend = new HeaderRecordingEcho();
        try (TestServer server = TestServer.start(backend);
             WeftFixture weft = WeftFixture.start(engine.io(), """
                     weft {
                       listeners.secure {
                         bind = "127.0.0.1:0", backend = app, protocol = tls
                         tls { certificates = [%s], alpn = ["h2"], client-auth = optional, client-ca = "%s", %s }
                       }
                       backends.app { endpoints = ["%s"], health-check.enabled = false, proxy-protocol = v2 }
                     }
                     """.formatted(certificate.hocon(), clientCa, engine.setting(), server.hostPort()));
             SSLSocket client = (SSLSocket) TlsKit.serving(clientCertificate, certificate.certificate().leaf())
                     .getSocketFactory().createSocket("127.0.0.1", weft.address().getPort())) {
            SSLParameters parameters = client.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName("pp.test")));
            parameters.setApplicationProtocols(new String[] {"h2"});
            client.setSSLParameters(parameters);
            client.getOutputStream().write("tls".getBytes());
            assertEquals("tls", new String(client.getInputStream().readNBytes(3)));
            byte[] header = backend.headers.poll(10, TimeUnit.SECONDS);
            ByteBuffer expected = ByteBuffer.allocate(1024);
            ProxyHeaderWriter.write(ProxyProtocolVersion.V2, new ProxyHeader(
                    (InetSocketAddress) client.getLocalSocketAddress(), weft.address()), new TlsDetails("pp.test", "h2",
                    client.getSession().getProtocol(), client.getSession().getCipherSuite(),
                    ClientCertificate.of(clientCertificate.leaf())), expected);
            assertTrue(HexFormat.of().formatHex(header).contains("22" + "0009" + HexFormat.of().formatHex(
                    "db-client".getBytes(StandardCharsets.US_ASCII))), "PP2_SUBTYPE_SSL_CN");
            assertEquals(HexFormat.of().formatHex(expected.array(), 0, expected.position()),
                    HexFormat.of().formatHex(header));
        }
    }

    @Test
    void healthChecksSendALocalHeader() throws Exception {
        HeaderRecordingEcho backend = new HeaderRecordingEcho();
        try (TestServer server = TestServer.start(backend);
             WeftFixture weft = WeftFixture.proxyTo(IoMode.NATIVE_COPY, """
                     proxy-protocol = v2
                     health-check { enabled = true, interval = 100ms }
                     """, server.hostPort())) {
            byte[] probe = backend.headers.poll(10, TimeUnit.SECONDS);
            assertEquals("0d0a0d0a000d0a515549540a" + "20" + "00" + "0000", HexFormat.of().formatHex(probe));
            Await.until(() -> server.accepted() >= 2, Duration.ofSeconds(10), () -> "probes keep coming");
            assertTrue(weft.server().backend("app").endpoints().getFirst().health().isUp());
        }
    }
}
