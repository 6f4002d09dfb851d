package dev.weft.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.WeftProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * With its fd table full, Weft neither crashes nor spins: clients it cannot serve are closed or wait in the
 * backlog, the accept loop backs off, and service resumes once descriptors are free again.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FdExhaustionIT {
    private static final int FD_LIMIT = 200;
    private static final int CLIENTS = 300;

    @TempDir
    Path dir;

    @Test
    void aFullFdTableIsSurvivedWithoutSpinningAndServiceResumes() throws Exception {
        List<Socket> clients = new ArrayList<>();
        try (TestServer echo = TestServer.start(TestServer.ECHO)) {
            Path config = Files.writeString(dir.resolve("weft.conf"), """
                    weft {
                      listeners.front { bind = "127.0.0.1:0", backend = app }
                      backends.app { endpoints = ["%s"], health-check.enabled = false }
                    }
                    """.formatted(echo.hostPort()));
            String launcher = WeftProcess.home().resolve("bin/weft").toString();
            try (WeftProcess weft = WeftProcess.startCommand(List.of("sh", "-c",
                    "ulimit -n " + FD_LIMIT + " && exec \"$0\" \"$2\" run --config \"$1\"", launcher, config.toString(),
                    WeftProcess.ADMIN_ANY_PORT),
                    Map.of())) {
                InetSocketAddress address = new InetSocketAddress("127.0.0.1",
                        weft.awaitListeningPort("front", Duration.ofSeconds(30)));
                int served = 0;
                for (int i = 0; i < CLIENTS; i++) {
                    Socket client = new Socket();
                    client.connect(address, 5000);
                    client.setSoTimeout(50);
                    clients.add(client);
                    if (echoes(client)) {
                        served++;
                    }
                }
                assertTrue(served > 0 && served < CLIENTS, "some served before the table filled: " + served);
                weft.awaitLine("Too many open files", Duration.ofSeconds(10));

                long ticksBefore = weft.cpuTicks();
                long start = System.nanoTime();
                Thread.sleep(1000);
                double cpuShare = (weft.cpuTicks() - ticksBefore) / 100.0
                        / ((System.nanoTime() - start) / 1e9);
                assertTrue(cpuShare < 0.5, "a full fd table must not spin the accept loop: " + cpuShare
                        + " of a core");
                assertTrue(weft.lines().stream().filter(l -> l.contains("accept failed")).count() <= 1,
                        "logged once per episode:\n" + weft.output());

                for (Socket client : clients) {
                    client.close();
                }
                clients.clear();
                awaitService(address, weft);
                weft.signal("TERM");
                assertEquals(0, weft.awaitExit(Duration.ofSeconds(30)), weft.output());
            }
        } finally {
            for (Socket client : clients) {
                client.close();
            }
        }
    }

    /**
     * Service resumes once Weft has noticed the closed clients and released their descriptors; until then a new
     * client may still be closed cleanly for want of a backend socket, so try until a deadline.
     */
    private static void awaitService(InetSocketAddress address, WeftProcess weft) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (SocketChannel fresh = SocketChannel.open(address)) {
                Streams.write(fresh, "after");
                assertEquals("after", Streams.readExactly(fresh, 5));
                return;
            } catch (IOException closedForNow) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("service did not resume:\n" + weft.output(), closedForNow);
                }
                Thread.sleep(50);
            }
        }
    }

    private static boolean echoes(Socket client) {
        try {
            client.getOutputStream().write('x');
            return client.getInputStream().read() == 'x';
        } catch (IOException closedOrWaiting) {
            return false;
        }
    }
}
