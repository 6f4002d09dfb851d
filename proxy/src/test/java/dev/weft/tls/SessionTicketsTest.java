package dev.weft.tls;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.server.StartupException;
import dev.weft.testkit.Await;
import dev.weft.testkit.IoMode;
import dev.weft.testkit.LogCapture;
import dev.weft.testkit.OpenSslClient;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.TlsEngine;
import dev.weft.testkit.TlsKit.PemPair;
import dev.weft.testkit.TlsKit;
import dev.weft.testkit.WeftFixture;
import dev.weft.tls.SelfSignedCertificate.KeyKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Session tickets a fleet shares: two Weft processes with one key file resume each other's sessions, for TLS 1.2
 * and 1.3, with OpenSSL's own client carrying the session from one to the other; a process with its own keys
 * cannot; a key appended to the file rotates in without breaking tickets already issued; a listener's own keys
 * rotate out on schedule; and an engine that cannot do what the config asks refuses to start.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionTicketsTest {
    @TempDir
    static Path dir;
    static PemPair certificate;

    @BeforeAll
    static void makeCertificate() throws Exception {
        certificate = TlsKit.write(dir, "t", SelfSignedCertificate.create(KeyKind.EC, Duration.ofDays(1), "t.test"));
    }

    /** A backend that greets and closes, so that s_client reads the tickets, then the end, and exits. */
    private static final TestServer.Handler GREET = channel -> {
        channel.write(ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.US_ASCII)));
        channel.close();
    };

    private static WeftFixture weft(TestServer backend, String tickets) throws Exception {
        return WeftFixture.start(TlsEngine.OPENSSL.io(), """
                weft {
                  listeners.secure {
                    bind = "127.0.0.1:0", backend = app, protocol = tls
                    tls { certificates = [%s], certificate-check-interval = 100ms, %s, %s }
                  }
                  backends.app { endpoints = ["%s"], health-check.enabled = false }
                }
                """.formatted(certificate.hocon(), TlsEngine.OPENSSL.setting(), tickets, backend.hostPort()));
    }

    private static String key() {
        byte[] key = new byte[TicketKeys.SIZE_256];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key) + "\n";
    }

    @Test
    void withoutAKeyFileAListenersOwnKeysRotateOutOnSchedule() throws Exception {
        Path session = dir.resolve("session-rotating");
        try (TestServer backend = TestServer.start(GREET);
             WeftFixture weft = weft(backend, "session-tickets.rotation = 1s")) {
            assertFalse(OpenSslClient.resumed(OpenSslClient.connect(weft.address(), "t.test", "-tls1_3", session,
                    null)));
            assertTrue(resumes(weft, session), "the listener's own keys resume its own tickets");
            // Three keys are in use and one rotates out every second: the ticket's key is gone within three.
            Await.until(() -> !resumes(weft, session), Duration.ofSeconds(20),
                    () -> "a ticket still resumed long after its key should have rotated out");
        }
    }

    private static boolean resumes(WeftFixture weft, Path session) {
        try {
            return OpenSslClient.resumed(OpenSslClient.connect(weft.address(), "t.test", "-tls1_3", null, session));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theJdkEngineRefusesAKeyFileAndOpenSslRefusesTheJdkTransport() throws Exception {
        Path keys = Files.writeString(dir.resolve("keys-refused"), key() + key() + key());
        try (TestServer backend = TestServer.start(GREET)) {
            StartupException jdk = assertThrows(StartupException.class, () -> WeftFixture.start(IoMode.JDK, """
                    weft {
                      listeners.secure {
                        bind = "127.0.0.1:0", backend = app, protocol = tls
                        tls { certificates = [%s], engine = jdk, session-tickets.key-file = "%s" }
                      }
                      backends.app { endpoints = ["%s"], health-check.enabled = false }
                    }
                    """.formatted(certificate.hocon(), keys, backend.hostPort())).close());
            assertTrue(jdk.getMessage().contains("session-tickets.key-file needs the OpenSSL engine"),
                    jdk.getMessage());
            StartupException openssl = assertThrows(StartupException.class, () -> WeftFixture.start(IoMode.JDK, """
                    weft {
                      listeners.secure {
                        bind = "127.0.0.1:0", backend = app, protocol = tls
                        tls { certificates = [%s], engine = openssl }
                      }
                      backends.app { endpoints = ["%s"], health-check.enabled = false }
                    }
                    """.formatted(certificate.hocon(), backend.hostPort())).close());
            assertTrue(openssl.getMessage().contains("tls.engine = openssl: the OpenSSL engine needs the native "
                    + "transport"), openssl.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-tls1_2", "-tls1_3"})
    void processesSharingAKeyFileResumeEachOthersSessionsAndAnAppendedKeyRotatesIn(String version)
            throws Exception {
        Path keys = Files.writeString(dir.resolve("keys" + version), key() + key() + key());
        Path session = dir.resolve("session" + version);
        String shared = "session-tickets.key-file = \"" + keys + "\"";
        try (LogCapture log = LogCapture.attach();
             TestServer backend = TestServer.start(GREET);
             WeftFixture first = weft(backend, shared);
             WeftFixture second = weft(backend, shared);
             WeftFixture alone = weft(backend, "session-tickets.rotation = 1h")) {
            String made = OpenSslClient.connect(first.address(), "t.test", version, session, null);
            assertTrue(made.contains("hello"), made);
            assertFalse(OpenSslClient.resumed(made), made);
            assertTrue(OpenSslClient.resumed(OpenSslClient.connect(second.address(), "t.test", version, null,
                    session)), "the other process resumes the session");
            assertFalse(OpenSslClient.resumed(OpenSslClient.connect(alone.address(), "t.test", version, null,
                    session)), "a process with keys of its own cannot");

            // Rotation: a new key appended. The ticket's key is now the oldest of the three, which still decrypts.
            Files.writeString(keys, key(), StandardOpenOption.APPEND);
            log.await("ticket keys reloaded", Duration.ofSeconds(20));
            assertTrue(OpenSslClient.resumed(OpenSslClient.connect(first.address(), "t.test", version, null,
                    session)), "a ticket from before the rotation still resumes");
        }
    }
}
