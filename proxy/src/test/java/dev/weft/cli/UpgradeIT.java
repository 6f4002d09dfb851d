package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.NotifyReceiver;
import dev.weft.testkit.Ports;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.WeftProcess.Result;
import dev.weft.testkit.WeftProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        try (TestServer backend = TestServer.start(TestServer.ECHO);
             NotifyReceiver systemd = new NotifyReceiver(dir.resolve("notify"))) {
            Files.writeString(file, """
                    weft {
                      listeners.front { bind = "127.0.0.1:%d", backend = app }
                      backends.app { endpoints = ["%s"], health-check.enabled = false }
                      control.socket = "%s"
                      io.transport = native
                    }
                    """.formatted(front, backend.hostPort(), socket));
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", front);
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
                Await(served, 50);

                Result upgrade = WeftProcess.run(List.of("upgrade", "--socket", socket.toString()), Map.of());
                assertEquals(0, upgrade.status(), upgrade.output() + "\n" + old.output());
                Matcher pid = Pattern.compile("OK upgraded: process (\\d+)").matcher(upgrade.output());
                assertTrue(pid.find(), upgrade.output());
                newPid = Long.parseLong(pid.group(1));
                assertTrue(systemd.await("MAINPID=" + newPid, WAIT).contains("MAINPID=" + newPid));

                assertEquals(0, old.awaitExit(WAIT), "the old process drains and exits: " + old.output());
                int atExit = served.get();
                Await(served, atExit + 50);
                hammering.set(false);
                hammer.join();
                assertEquals(null, failure.get(), "a client connecting throughout saw an error");

                for (int i = 0; i < idle.size(); i++) {
                    Streams.write(idle.get(i), "after" + i);
                    assertEquals("after" + i, Streams.readExactly(idle.get(i), 6),
                            "an idle connection from before the upgrade, now served by the new process");
                }
                Result sessions = WeftProcess.run(List.of("show", "sessions", "--socket", socket.toString()),
                        Map.of());
                assertEquals(0, sessions.status(), sessions.output());
                assertTrue(sessions.output().contains("OK 5 session(s)"), sessions.output());
                for (SocketChannel held : idle) {
                    held.close();
                }
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

    /** Waits until {@code counter} reaches {@code target}: the hammer has made that many connections. */
    private static void Await(AtomicInteger counter, int target) throws InterruptedException {
        dev.weft.testkit.Await.until(() -> counter.get() >= target, WAIT, () -> "only " + counter.get()
                + " connections");
    }
}
