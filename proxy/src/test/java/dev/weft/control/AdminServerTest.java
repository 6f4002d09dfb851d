package dev.weft.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.config.AdminConfig;
import dev.weft.config.HostPort;
import dev.weft.files.OwnedFile;
import dev.weft.testkit.Await;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin port as an attacker meets it: no token, a wrong one, a foreign Host (DNS rebinding) or Origin (a web
 * page), half-sent requests and a flood of connections. Raw sockets, so every header is what the test says.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminServerTest {
    private static final int MAX_CONNECTIONS = 4;

    @TempDir
    Path dir;

    private final AtomicInteger drains = new AtomicInteger();
    private AdminToken token;
    private AdminServer admin;
    private String secret;

    @BeforeEach
    void start() throws IOException {
        token = AdminToken.generate(dir.resolve("weft.token"));
        secret = Files.readString(dir.resolve("weft.token")).strip();
        admin = AdminServer.start(new AdminConfig(true, HostPort.parse("127.0.0.1:0", true), null,
                List.of("/metrics", "/healthz"), List.of("weft-admin.internal"), MAX_CONNECTIONS,
                Duration.ofSeconds(1)), token, new AdminServer.Hooks(() -> "weft_up 1\n", () -> false,
                () -> "{}", drains::incrementAndGet, command -> command.equals("reload") ? Reply.of("OK reloaded: nothing changed")
                        : Reply.error("unknown command")));
    }

    @AfterEach
    void stop() {
        admin.close();
        token.close();
    }

    private int port() {
        return admin.address().getPort();
    }

    /** Sends {@code request} as it is and returns the status line's code. */
    private int status(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(response.substring(9, 12));
        }
    }

    private String request(String method, String path, String... headers) {
        StringBuilder text = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        for (String header : headers) {
            text.append(header).append("\r\n");
        }
        return text.append("Content-Length: 0\r\nConnection: close\r\n\r\n").toString();
    }

    @Test
    void postsAndTheConfigNeedTheToken() throws IOException {
        String host = "Host: 127.0.0.1:" + port();
        assertEquals(401, status(request("POST", "/drain", host)));
        assertEquals(401, status(request("POST", "/drain", host, "Authorization: Bearer wrong-token-wrong-token")));
        assertEquals(401, status(request("POST", "/drain", host, "Authorization: Basic " + secret)));
        assertEquals(401, status(request("GET", "/config", host)));
        assertEquals(0, drains.get(), "nothing refused was done");
        assertEquals(200, status(request("POST", "/drain", host, "Authorization: Bearer " + secret)));
        assertEquals(1, drains.get());
        assertEquals(200, status(request("GET", "/config", host, "Authorization: bearer " + secret)));
        assertEquals(200, status(request("POST", "/reload", host, "Authorization: Bearer " + secret)));
        assertEquals(200, status(request("GET", "/metrics", host)), "metrics stay open");
        assertEquals(200, status(request("GET", "/healthz")), "a tool sends no Host");
    }

    @Test
    void aForeignHostOrOriginIsRefusedEvenWithTheToken() throws IOException {
        String bearer = "Authorization: Bearer " + secret;
        assertEquals(421, status(request("GET", "/metrics", "Host: evil.example:" + port())));
        assertEquals(421, status(request("POST", "/drain", "Host: evil.example", bearer)));
        assertEquals(403, status(request("POST", "/drain", "Host: 127.0.0.1:" + port(),
                "Origin: http://evil.example", bearer)));
        assertEquals(403, status(request("POST", "/drain", "Host: 127.0.0.1:" + port(), "Origin: null", bearer)));
        assertEquals(0, drains.get());
        assertEquals(200, status(request("POST", "/drain", "Host: localhost:" + port(),
                "Origin: http://localhost:" + port(), bearer)));
        assertEquals(200, status(request("GET", "/metrics", "Host: weft-admin.internal:" + port())));
        assertEquals(1, drains.get());
    }

    @Test
    void halfSentRequestsAreClosedAndConnectionsAreBounded() throws Exception {
        long allowed = Long.parseLong(System.getProperty("sun.net.httpserver.maxReqTime"));
        List<Socket> slow = new ArrayList<>();
        long before = openFds();
        long start = System.nanoTime();
        for (int i = 0; i < 5 * MAX_CONNECTIONS; i++) {
            Socket socket = new Socket("127.0.0.1", port());
            socket.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes());
            slow.add(socket);
        }
        // This process holds both ends: its client sockets, and of the server's at most the bound, besides up to
        // 4 fds of the JDK's own pollers, made when a virtual thread first parks on a socket.
        Await.until(() -> openFds() - before <= slow.size() + MAX_CONNECTIONS + 4, Duration.ofSeconds(allowed),
                () -> (openFds() - before) + " fds for " + slow.size() + " clients");
        for (Socket socket : slow) {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(allowed + 5));
            try (socket; InputStream in = socket.getInputStream()) {
                assertEquals(-1, in.read(), "closed without an answer");
            } catch (IOException reset) {
                // Closed with a reset: as good.
            }
        }
        long took = System.nanoTime() - start;
        assertTrue(took < TimeUnit.SECONDS.toNanos(allowed + 4), "closed after " + took / 1_000_000 + " ms");
        assertEquals(200, status(request("GET", "/metrics", "Host: 127.0.0.1:" + port())), "the port still serves");
    }

    private static long openFds() {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aTokenFileMustBeOwnerOnlyAndTheGeneratedOneIsNeverReplaced() throws IOException {
        Path loose = Files.writeString(dir.resolve("loose.token"), "0123456789abcdef0123\n");
        Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rw-r--r--"));
        IOException refused = assertThrows(IOException.class, () -> AdminToken.read(loose));
        assertTrue(refused.getMessage().contains("chmod 600"), refused.getMessage());
        Files.setPosixFilePermissions(loose, OwnedFile.OWNER_ONLY);
        assertTrue(AdminToken.read(loose).admits("Bearer 0123456789abcdef0123"));
        Path shortOne = Files.writeString(dir.resolve("short.token"), "abc\n");
        Files.setPosixFilePermissions(shortOne, OwnedFile.OWNER_ONLY);
        assertThrows(IOException.class, () -> AdminToken.read(shortOne));

        assertEquals(OwnedFile.OWNER_ONLY, Files.getPosixFilePermissions(dir.resolve("weft.token")));
        IOException exists = assertThrows(IOException.class, () -> AdminToken.generate(dir.resolve("weft.token")));
        assertTrue(exists.getMessage().contains("replaces no file"), exists.getMessage());
        assertEquals(Path.of("/run/weft/weft.token"), AdminToken.besideSocket(Path.of("/run/weft/weft.sock")));
    }

    /**
     * A Weft killed before it could remove its token file must not keep the next one from starting: a token
     * file that a Weft no longer running generated is replaced; one of a running process, or anyone else's file,
     * is not.
     */
    @Test
    void aTokenFileAKilledWeftLeftIsReplacedAndNothingElseIs() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String random = "0123456789abcdef".repeat(4);
        Path stale = Files.writeString(dir.resolve("stale.token"), "weft-" + gone.pid() + "-" + random + "\n");
        try (AdminToken fresh = AdminToken.generate(stale)) {
            String now = Files.readString(stale).strip();
            assertTrue(now.startsWith("weft-" + ProcessHandle.current().pid() + "-"), now);
            assertTrue(fresh.admits("Bearer " + now));
        }

        long running = ProcessHandle.current().parent().orElseThrow().pid();
        String alive = "weft-" + running + "-" + random + "\n";
        Path held = Files.writeString(dir.resolve("held.token"), alive);
        assertThrows(IOException.class, () -> AdminToken.generate(held));
        assertEquals(alive, Files.readString(held), "a running process's file is left as it was");

        String theirs = "an operator's notes\n";
        Path foreign = Files.writeString(dir.resolve("foreign.token"), theirs);
        assertThrows(IOException.class, () -> AdminToken.generate(foreign));
        assertEquals(theirs, Files.readString(foreign), "anyone else's file is left as it was");
    }

    @Test
    void theHostListAcceptsTheBindAddressForms() {
        AdminGuard guard = new AdminGuard(new InetSocketAddress("0.0.0.0", 9901), List.of(), List.of("/metrics"),
                token);
        com.sun.net.httpserver.Headers headers = new com.sun.net.httpserver.Headers();
        headers.add("Host", "10.1.2.3:9901");
        assertEquals(null, guard.judge("GET", "/metrics", headers), "any address reaches a wildcard bind");
        headers.set("Host", "rebound.example:9901");
        assertEquals(421, guard.judge("GET", "/metrics", headers).status(), "but no name");
    }
}
