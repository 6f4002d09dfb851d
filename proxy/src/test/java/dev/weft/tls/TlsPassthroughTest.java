package dev.weft.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.IoMode;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.TlsEcho;
import dev.weft.testkit.TlsKit;
import dev.weft.testkit.WeftFixture;
import dev.weft.tls.SelfSignedCertificate.KeyKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** TLS that Weft does not terminate: routed by SNI, every byte forwarded as the client sent it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsPassthroughTest {
    private static final long FOUR_MIB = 4L << 20;

    static SelfSignedCertificate apiCertificate;
    static SelfSignedCertificate orgCertificate;
    static SelfSignedCertificate fallbackCertificate;
    static TestServer api;
    static TestServer org;
    static TestServer fallback;

    @BeforeAll
    static void startBackends() throws Exception {
        apiCertificate = SelfSignedCertificate.create(KeyKind.EC, Duration.ofDays(1), "api.example.com");
        orgCertificate = SelfSignedCertificate.create(KeyKind.EC, Duration.ofDays(1), "*.example.org");
        fallbackCertificate = SelfSignedCertificate.create(KeyKind.EC, Duration.ofDays(1), "fallback.test");
        api = TestServer.start(new TlsEcho(TlsKit.serving(apiCertificate), false));
        org = TestServer.start(new TlsEcho(TlsKit.serving(orgCertificate), false));
        fallback = TestServer.start(new TlsEcho(TlsKit.serving(fallbackCertificate), false));
    }

    @AfterAll
    static void stopBackends() throws IOException {
        api.close();
        org.close();
        fallback.close();
    }

    private static WeftFixture passthrough(IoMode io, boolean withDefault) throws Exception {
        return WeftFixture.start(io, """
                weft {
                  listeners.sni {
                    bind = "127.0.0.1:0", protocol = tls-passthrough
                    routes { "api.example.com" = api, "*.example.org" = org %s }
                    tls.handshake-timeout = 2s
                  }
                  backends {
                    api { endpoints = ["%s"], health-check.enabled = false }
                    org { endpoints = ["%s"], health-check.enabled = false }
                    fallback { endpoints = ["%s"], health-check.enabled = false }
                  }
                }
                """.formatted(withDefault ? ", default = fallback" : "", api.hostPort(), org.hostPort(),
                fallback.hostPort()));
    }

    private static SSLContext trustingAll() throws Exception {
        return TlsKit.trusting(apiCertificate.leaf(), orgCertificate.leaf(), fallbackCertificate.leaf());
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void routesBySniAndForwardsEveryByte(IoMode io) throws Exception {
        try (WeftFixture weft = passthrough(io, true);
             SSLSocket client = TlsKit.connect(trustingAll(), weft.address(), "api.example.com")) {
            assertEquals(apiCertificate.leaf(), TlsKit.served(client), "the backend's own certificate");
            TlsKit.assertEchoedIntact(client, 21, FOUR_MIB);
        }
    }

    @Test
    void wildcardsDefaultAndMissingSni() throws Exception {
        try (WeftFixture weft = passthrough(IoMode.NATIVE_SPLICE, true)) {
            assertEquals(orgCertificate.leaf(), servedTo(weft.address(), "www.example.org"));
            assertEquals(orgCertificate.leaf(), servedTo(weft.address(), "a.b.example.org"));
            assertEquals(fallbackCertificate.leaf(), servedTo(weft.address(), "example.org"));
            assertEquals(fallbackCertificate.leaf(), servedTo(weft.address(), null));
        }
    }

    @Test
    void withoutADefaultUnroutedClientsAreClosed() throws Exception {
        try (WeftFixture weft = passthrough(IoMode.JDK, false)) {
            assertThrows(IOException.class, () -> servedTo(weft.address(), "unknown.test"));
            assertThrows(IOException.class, () -> servedTo(weft.address(), null));
            assertEquals(apiCertificate.leaf(), servedTo(weft.address(), "api.example.com"), "still serving");
        }
    }

    @Test
    void aClientHelloArrivingOneByteAtATimeIsRoutedAllTheSame() throws Exception {
        try (WeftFixture weft = passthrough(IoMode.NATIVE_SPLICE, true);
             ByteByByteRelay relay = new ByteByByteRelay(weft.address());
             SSLSocket client = TlsKit.connect(trustingAll(), relay.address(), "api.example.com")) {
            assertEquals(apiCertificate.leaf(), TlsKit.served(client));
            client.getOutputStream().write("through the relay".getBytes());
            assertEquals("through the relay", new String(client.getInputStream().readNBytes(17)));
        }
    }

    @Test
    void garbageOnAPassthroughPortIsClosed() throws Exception {
        int reachedDefault = fallback.accepted();
        try (WeftFixture weft = passthrough(IoMode.JDK, true);
             Socket garbage = new Socket(weft.address().getAddress(), weft.address().getPort())) {
            garbage.setSoTimeout(10_000);
            garbage.getOutputStream().write("SSH-2.0-OpenSSH_9.2\r\n".getBytes());
            assertEquals(-1, garbage.getInputStream().read());
            assertEquals(reachedDefault, fallback.accepted(), "nothing reached the default backend");
        }
    }

    private static X509Certificate servedTo(InetSocketAddress address, String serverName)
            throws Exception {
        try (SSLSocket socket = TlsKit.connect(trustingAll(), address, serverName)) {
            return TlsKit.served(socket);
        }
    }

    /** Forwards the client's bytes to Weft one per write, so the ClientHello arrives in many reads. */
    private static final class ByteByByteRelay implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        private final Thread thread;

        ByteByByteRelay(InetSocketAddress target) throws IOException {
            thread = Thread.ofVirtual().start(() -> {
                try (Socket in = server.accept(); Socket out = new Socket(target.getAddress(), target.getPort())) {
                    out.setTcpNoDelay(true);
                    Thread.ofVirtual().start(() -> copy(out, in, false));
                    copy(in, out, true);
                } catch (IOException e) {
                    // The test is over.
                }
            });
        }

        private static void copy(Socket from, Socket to, boolean byteByByte) {
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                byte[] buffer = new byte[byteByByte ? 1 : 16384];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                // One side closed.
            }
        }

        InetSocketAddress address() {
            return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            server.close();
            thread.interrupt();
        }
    }
}
