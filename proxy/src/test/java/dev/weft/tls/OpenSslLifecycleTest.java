package dev.weft.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.testkit.Await;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.TlsEngine;
import dev.weft.testkit.TlsKit.PemPair;
import dev.weft.testkit.TlsKit;
import dev.weft.testkit.WeftFixture;
import dev.weft.tls.SelfSignedCertificate.KeyKind;
import dev.weft.tls.openssl.OpenSslGauges;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the OpenSSL engine holds natively goes away when it should: a context replaced by a reload lives until its
 * last connection ends, then is freed; 100,000 mutated ClientHellos end in clean closes, with every
 * SSL and every fd given back and good clients served throughout.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OpenSslLifecycleTest {
    /** 100,000 by default, about 20 s here; lower it for a quick look: {@code -Dweft.test.mutated-hellos=1000}. */
    private static final int MUTATED_HELLOS = Integer.getInteger("weft.test.mutated-hellos", 100_000);

    @TempDir
    static Path dir;
    static PemPair certificate;
    static SSLContext client;

    @BeforeAll
    static void makeCertificate() throws Exception {
        certificate = TlsKit.write(dir, "l", SelfSignedCertificate.create(KeyKind.EC, Duration.ofDays(1), "l.test"));
        client = TlsKit.trusting(certificate.certificate().leaf());
    }

    private static String config(TestServer backend, String alpn) {
        return """
                weft {
                  listeners.secure {
                    bind = "127.0.0.1:0", backend = app, protocol = tls
                    tls { certificates = [%s], %s, alpn = [%s], handshake-timeout = 2s }
                  }
                  backends.app { endpoints = ["%s"], health-check.enabled = false }
                }
                """.formatted(certificate.hocon(), TlsEngine.OPENSSL.setting(), alpn, backend.hostPort())
                + TlsEngine.OPENSSL.io().config();
    }

    private static void echo(SSLSocket socket) throws IOException {
        socket.getOutputStream().write('!');
        assertEquals('!', socket.getInputStream().read());
    }

    @Test
    void aContextReplacedByAReloadIsFreedWhenItsLastConnectionEnds() throws Exception {
        try (TestServer backend = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.start(config(backend, ""))) {
            long before = OpenSslGauges.contexts();
            SSLSocket old = TlsKit.connect(client, weft.address(), "l.test");
            echo(old);
            weft.reload(config(backend, "\"http/1.1\""));
            try (SSLSocket fresh = TlsKit.connect(client, weft.address(), "l.test")) {
                echo(fresh);
            }
            echo(old);
            assertEquals(before + 1, OpenSslGauges.contexts(), "the old context lives on for its connection");
            old.close();
            Await.until(() -> OpenSslGauges.contexts() == before, Duration.ofSeconds(10),
                    () -> "the old context was not freed: " + OpenSslGauges.contexts() + " alive");
        }
    }

    @Test
    void mutatedClientHellosAreClosedCleanlyAndLeakNothing() throws Exception {
        byte[] hello = TlsKit.clientHello("l.test");
        // The gauge is the process's: an earlier test's sessions may still be tearing down. Leaks are counted
        // against what was there before this test began.
        long before = OpenSslGauges.connections();
        try (TestServer backend = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.start(config(backend, ""))) {
            try (SSLSocket warm = TlsKit.connect(client, weft.address(), "l.test")) {
                echo(warm);
            }
            Await.until(() -> OpenSslGauges.connections() <= before, Duration.ofSeconds(10),
                    () -> OpenSslGauges.connections() + " SSL objects, " + before + " before the warm connection");
            long fds = openFds();
            AtomicLong sent = new AtomicLong();
            ExecutorService senders = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = t;
                done.add(senders.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    while (sent.incrementAndGet() <= MUTATED_HELLOS) {
                        sendMutated(weft.address(), mutate(hello, random));
                    }
                    return null;
                }));
            }
            SSLSocket during = TlsKit.connect(client, weft.address(), "l.test");
            for (Future<?> sender : done) {
                sender.get(100, TimeUnit.SECONDS);
                echo(during);
            }
            senders.shutdown();
            during.close();
            try (SSLSocket after = TlsKit.connect(client, weft.address(), "l.test")) {
                echo(after);
            }
            Await.until(() -> OpenSslGauges.connections() <= before, Duration.ofSeconds(20),
                    () -> OpenSslGauges.connections() + " SSL objects left after " + MUTATED_HELLOS + " hellos, "
                            + before + " before them");
            Await.until(() -> openFds() <= fds + 2, Duration.ofSeconds(20),
                    () -> "fds: " + openFds() + " now, " + fds + " before");
        }
    }

    /** Flipped bytes, a cut, or random bytes appended: the shapes a fuzzer starts from. */
    private static byte[] mutate(byte[] hello, SplittableRandom random) {
        byte[] mutated = hello.clone();
        switch (random.nextInt(3)) {
            case 0 -> {
                for (int i = random.nextInt(1, 9); i > 0; i--) {
                    mutated[random.nextInt(mutated.length)] ^= (byte) random.nextInt(1, 256);
                }
            }
            case 1 -> mutated = java.util.Arrays.copyOf(mutated, random.nextInt(1, mutated.length));
            default -> {
                mutated = java.util.Arrays.copyOf(mutated, mutated.length + random.nextInt(1, 64));
                for (int i = hello.length; i < mutated.length; i++) {
                    mutated[i] = (byte) random.nextInt(256);
                }
                mutated[random.nextInt(5, hello.length)] ^= (byte) random.nextInt(1, 256);
            }
        }
        return mutated;
    }

    /** Sends, half-closes, and reads until Weft closes: every mutated hello must end in a close. */
    private static void sendMutated(InetSocketAddress address, byte[] bytes) throws IOException {
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes);
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            byte[] sink = new byte[4096];
            try {
                while (in.read(sink) >= 0) {
                    // What Weft answers (an alert, a ServerHello) does not matter; that it closes does.
                }
            } catch (java.net.SocketException reset) {
                // A reset is a close too.
            }
        }
    }

    private static long openFds() {
        try (var entries = Files.list(Path.of("/proc/self/fd"))) {
            return entries.count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
