package dev.weft.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.TestServer;
import dev.weft.testkit.WeftProcess;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An idle proxied connection must not pin large buffers: the proxy's resident memory may grow by less than 16 KiB
 * per idle connection, measured over 5,000 connections on the packaged jar with the launcher's defaults.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MemoryPerConnectionIT {
    private static final int WARM_UP = 1000;
    private static final int MEASURED = 5000;
    private static final long BUDGET = 16 * 1024;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "native"})
    void idleProxiedConnectionsCostLessThan16KiBOfResidentMemoryEach(String transport) throws Exception {
        Path config = Files.writeString(dir.resolve("weft.conf"), """
                weft {
                  listeners.front { bind = "127.0.0.1:0", backend = app, max-connections = 20000, backlog = 8192 }
                  backends.app { endpoints = ["%s"], health-check.enabled = false }
                }
                """);
        List<SocketChannel> clients = new ArrayList<>();
        try (TestServer echo = TestServer.start(TestServer.ECHO);
             WeftProcess weft = WeftProcess.start(List.of("-Dweft.io.transport=" + transport, "run", "--config",
                     Files.writeString(config, Files.readString(config).formatted(echo.hostPort())).toString()))) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1",
                    weft.awaitListeningPort("front", Duration.ofSeconds(30)));
            open(address, WARM_UP, clients);
            fullGc(weft);
            long before = weft.rssBytes();
            open(address, MEASURED, clients);
            fullGc(weft);
            long after = weft.rssBytes();

            long perConnection = (after - before) / MEASURED;
            System.out.printf("%s transport: RSS %d KiB -> %d KiB over %d idle proxied connections: %d bytes each%n",
                    transport, before / 1024, after / 1024, MEASURED, perConnection);
            assertEquals(WARM_UP + MEASURED, echo.accepted(), "every connection reached the backend");
            assertTrue(perConnection < BUDGET, perConnection + " bytes per idle connection");
        } finally {
            for (SocketChannel client : clients) {
                client.close();
            }
        }
    }

    /**
     * A full collection in the proxy before each reading, with the JDK's own jcmd. Without it the figure swings by
     * a third from run to run with where the young collections happen to fall, because garbage in freshly touched
     * heap regions counts as resident too. After it, both readings hold what the connections really pin.
     */
    private static void fullGc(WeftProcess weft) throws Exception {
        Path jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
        Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(weft.pid()), "GC.run")
                .redirectErrorStream(true).start();
        String output = new String(gc.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!gc.waitFor(60, TimeUnit.SECONDS) || gc.exitValue() != 0) {
            throw new AssertionError("jcmd GC.run failed: " + output);
        }
    }

    /** Opens connections and exchanges one byte on each, so that both legs exist and both pumps have run. */
    private static void open(InetSocketAddress address, int count, List<SocketChannel> into) throws Exception {
        ByteBuffer one = ByteBuffer.allocate(1);
        for (int i = 0; i < count; i++) {
            SocketChannel client = SocketChannel.open(address);
            into.add(client);
            client.write(one.clear());
            one.clear();
            if (client.read(one) != 1) {
                throw new AssertionError("no echo on connection " + into.size());
            }
        }
    }
}
