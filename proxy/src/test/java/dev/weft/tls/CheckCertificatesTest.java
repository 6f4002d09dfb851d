package dev.weft.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.cli.WeftCli;
import dev.weft.tls.SelfSignedCertificate.KeyKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weft check} loads the certificates a config names, as starting would, and binds nothing. */
class CheckCertificatesTest {
    @TempDir
    Path dir;

    private record Outcome(int status, String out, String err) {
    }

    private Outcome check(String cert, String key) throws Exception {
        Path config = Files.writeString(dir.resolve("weft.conf"), """
                weft {
                  listeners.secure { bind = "127.0.0.1:1", protocol = tls, backend = app
                                     tls.certificates = [{ cert = %s, key = %s }] }
                  backends.app.endpoints = ["127.0.0.1:9001"]
                }
                """.formatted(cert, key));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new WeftCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute(new String[] {"check", "--config",
                config.toString()});
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aGoodCertificatePasses() throws Exception {
        SelfSignedCertificate.create(KeyKind.EC, Duration.ofDays(1), "ok.test").writePem(dir.resolve("ok.pem"),
                dir.resolve("ok.key"));
        Outcome outcome = check("ok.pem", "ok.key");
        assertEquals(0, outcome.status(), outcome.err());
        assertTrue(outcome.out().contains("OK"), outcome.out());
    }

    @Test
    void aKeyThatDoesNotMatchFails() throws Exception {
        SelfSignedCertificate.create(KeyKind.EC, Duration.ofDays(1), "a.test").writePem(dir.resolve("a.pem"),
                dir.resolve("a.key"));
        SelfSignedCertificate.create(KeyKind.EC, Duration.ofDays(1), "b.test").writePem(dir.resolve("b.pem"),
                dir.resolve("b.key"));
        Outcome outcome = check("a.pem", "b.key");
        assertEquals(1, outcome.status());
        assertTrue(outcome.err().contains("listener 'secure'") && outcome.err().contains("does not match"),
                outcome.err());
    }

    @Test
    void anExpiredCertificateIsAWarning() throws Exception {
        SelfSignedCertificate.issue(KeyKind.EC, Instant.now().minus(Duration.ofDays(3)), Duration.ofDays(1), null,
                false, "old.test").writePem(dir.resolve("old.pem"), dir.resolve("old.key"));
        Outcome outcome = check("old.pem", "old.key");
        assertEquals(0, outcome.status(), outcome.err());
        assertTrue(outcome.out().contains("warning") && outcome.out().contains("expired"), outcome.out());
    }

    @Test
    void anUnreadableFileIsAnErrorNamingIt() throws Exception {
        Outcome outcome = check("nowhere.pem", "nowhere.key");
        assertEquals(1, outcome.status());
        assertTrue(outcome.err().contains(dir.resolve("nowhere.pem").toString()), outcome.err());
    }
}
