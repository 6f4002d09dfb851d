package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.Await;
import dev.weft.testkit.NotifyReceiver;
import dev.weft.testkit.Ports;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.WeftProcess.Result;
import dev.weft.testkit.WeftProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/weft upgrade} on the packaged Weft, as an operator runs it under systemd: a client that connects
 * without pause sees no refusal and no reset, idle connections opened before still echo after the old process has
 * exited, and the service manager hears that the new process is the service now.
 */
class UpgradeIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void noConnectionIsRefusedResetOrDroppedAcrossAnUpgrade() throws Exception {
        Path socket = dir.resolve("weft.sock");
        Path file = dir.resolve("weft.conf");
        int front = Ports.free();
        int limitedPort = Ports.free();
        try (TestServer backend = TestServer.start(TestServer.ECHO);
             NotifyReceiver systemd = new NotifyReceiver(dir.resolve("notify"))) {
            Files.writeString(file, """
                    weft {
                      listeners.front { bind = "127.0.0.1:%d", backend = app }
                      listeners.limited { bind = "127.0.0.1:%d", backend = app, limits.per-client.connections = 1 }
                      backends.app { endpoints = ["%s"], health-check.enabled = false }
                      control.socket = "%s"
                      io.transport = native
                    }
                    """.formatted(front, limitedPort, backend.hostPort(), socket));
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", front);
            InetSocketAddress limited = new InetSocketAddress("127.0.0.1", limitedPort);
            long newPid = 0;
            try (WeftProcess old = WeftProcess.start(List.of("run", "--config", file.toString()),
                    Map.of("NOTIFY_SOCKET", systemd.path().toString()))) {
                systemd.await("READY=1", WAIT);
                List<SocketChannel> idle = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    SocketChannel held = SocketChannel.open(address);
                    Streams.write(held, "before" + i);
                    assertEquals("before" + i, Streams.readExactly(held, 7));
                    idle.add(held);
                }
                // A client at its per-client limit: its one connection moves, and still counts in the new process.
                SocketChannel atLimit = from("127.0.0.77", limited);
                Streams.write(atLimit, "limited");
                assertEquals("limited", Streams.readExactly(atLimit, 7));
                assertRefused(from("127.0.0.77", limited), "over the limit before the upgrade");

                AtomicBoolean hammering = new AtomicBoolean(true);
                AtomicInteger served = new AtomicInteger();
                AtomicReference<String> failure = new AtomicReference<>();
                Thread hammer = Thread.ofPlatform().start(() -> {
                    while (hammering.get() && failure.get() == null) {
                        try (SocketChannel client = SocketChannel.open(address)) {
                            Streams.write(client, "x");
                            if (!Streams.readExactly(client, 1).equals("x")) {
                                failure.set("wrong echo");
                            }
                            served.incrementAndGet();
                        } catch (IOException e) {
                            failure.set("after " + served.get() + " connections: " + e);
                        }
                    }
                });
                awaitServed(served, 50);
                // A session that keeps moving data through the upgrade, in echoed chunks: it moves between two of
                // them, and every byte must come back, in order.
                AtomicReference<String> streamed = new AtomicReference<>();
                Thread stream = Thread.ofPlatform().start(() -> streamed.set(echoChunks(address, hammering)));

                Result upgrade = WeftProcess.run(List.of("upgrade", "--socket", socket.toString()), Map.of());
                assertEquals(0, upgrade.status(), upgrade.output() + "\n" + old.output());
                Matcher pid = Pattern.compile("OK upgraded: process (\\d+)").matcher(upgrade.output());
                assertTrue(pid.find(), upgrade.output());
                newPid = Long.parseLong(pid.group(1));
                assertTrue(systemd.await("MAINPID=" + newPid, WAIT).contains("MAINPID=" + newPid));

                assertEquals(0, old.awaitExit(WAIT), "the old process drains and exits: " + old.output());
                int atExit = served.get();
                awaitServed(served, atExit + 50);
                hammering.set(false);
                hammer.join();
                stream.join();
                assertEquals(null, failure.get(), "a client connecting throughout saw an error");
                assertTrue(streamed.get().startsWith("intact"), "the streaming session: " + streamed.get());

                for (int i = 0; i < idle.size(); i++) {
                    Streams.write(idle.get(i), "after" + i);
                    assertEquals("after" + i, Streams.readExactly(idle.get(i), 6),
                            "an idle connection from before the upgrade, now served by the new process");
                }
                assertRefused(from("127.0.0.77", limited), "the moved connection counts in the new process");
                Streams.write(atLimit, "moved");
                assertEquals("moved", Streams.readExactly(atLimit, 5), "the moved connection at the limit");
                Result sessions = WeftProcess.run(List.of("show", "sessions", "--socket", socket.toString()),
                        Map.of());
                assertEquals(0, sessions.status(), sessions.output());
                assertTrue(sessions.output().contains("OK 6 session(s)"), sessions.output());
                for (SocketChannel held : idle) {
                    held.close();
                }
                atLimit.close();
                // Its close gives the count back: the client may connect again (once the new process saw it go).
                Await.until(() -> {
                    try (SocketChannel again = from("127.0.0.77", limited)) {
                        Streams.write(again, "again");
                        return Streams.readExactly(again, 5).equals("again");
                    } catch (IOException refused) {
                        return false;
                    }
                }, WAIT, () -> "127.0.0.77 still refused after its moved connection closed");
            } finally {
                if (newPid != 0) {
                    ProcessHandle.of(newPid).ifPresent(ProcessHandle::destroy);
                    ProcessHandle.of(newPid).ifPresent(p -> p.onExit().join());
                }
            }
        }
    }

    @Test
    void aNewProcessThatCannotStartChangesNothing() throws Exception {
        Path socket = dir.resolve("weft.sock");
        Path file = dir.resolve("weft.conf");
        int front = Ports.free();
        try (TestServer backend = TestServer.start(TestServer.ECHO)) {
            String config = """
                    weft {
                      listeners.front { bind = "127.0.0.1:%d", backend = app }
                      backends.app { endpoints = ["%s"], health-check.enabled = false }
                      control.socket = "%s"
                    }
                    """.formatted(front, backend.hostPort(), socket);
            Files.writeString(file, config);
            try (WeftProcess old = WeftProcess.start(List.of("run", "--config", file.toString()))) {
                old.awaitLine("control socket", WAIT);
                Files.writeString(file, config.replace("backend = app", "backend = nowhere"));
                Result upgrade = WeftProcess.run(List.of("upgrade", "--socket", socket.toString()), Map.of());
                assertEquals(1, upgrade.status(), upgrade.output());
                assertTrue(upgrade.output().contains("before it took over") && upgrade.output().contains(
                        "this process serves on"), upgrade.output());
                try (SocketChannel client = SocketChannel.open(new InetSocketAddress("127.0.0.1", front))) {
                    Streams.write(client, "still");
                    assertEquals("still", Streams.readExactly(client, 5), "the old process serves on");
                }
                Result endpoints = WeftProcess.run(List.of("show", "endpoints", "--socket", socket.toString()),
                        Map.of());
                assertEquals(0, endpoints.status(), "and keeps its control socket: " + endpoints.output());
                old.signal("TERM");
                assertEquals(0, old.awaitExit(WAIT), old.output());
            }
        }
    }

    /**
     * Sends 16 KiB chunks of random bytes and reads each back until {@code going} turns false; "intact" and the
     * count when every echoed byte equalled what was sent (SHA-256 of both streams), else what went wrong.
     */
    private static String echoChunks(InetSocketAddress address, AtomicBoolean going) {
        Random random = new Random(16);
        byte[] chunk = new byte[16 * 1024];
        try (SocketChannel channel = SocketChannel.open(address)) {
            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            MessageDigest received = MessageDigest.getInstance("SHA-256");
            long chunks = 0;
            while (going.get()) {
                random.nextBytes(chunk);
                sent.update(chunk);
                ByteBuffer out = ByteBuffer.wrap(chunk);
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                ByteBuffer in = ByteBuffer.allocate(chunk.length);
                while (in.hasRemaining()) {
                    if (channel.read(in) < 0) {
                        return "closed after " + chunks + " chunks";
                    }
                }
                received.update(in.array());
                chunks++;
            }
            return Arrays.equals(sent.digest(), received.digest()) ? "intact, " + chunks + " chunks"
                    : "different bytes came back after " + chunks + " chunks";
        } catch (Exception e) {
            return e.toString();
        }
    }

    /** Waits until {@code counter} reaches {@code target}: the hammer has made that many connections. */
    private static SocketChannel from(String source, InetSocketAddress to) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.bind(new InetSocketAddress(source, 0));
        channel.connect(to);
        return channel;
    }

    /** Refused by admission: reset, not served and not left waiting. */
    private static void assertRefused(SocketChannel client, String why) throws IOException {
        try (client) {
            client.socket().setSoTimeout(10_000); // A refusal is at once; a served client would wait for this.
            assertThrows(SocketException.class, () -> client.socket().getInputStream().read(), why);
        }
    }

    private static void awaitServed(AtomicInteger counter, int target) throws InterruptedException {
        Await.until(() -> counter.get() >= target, WAIT, () -> "only " + counter.get()
                + " connections");
    }
}
