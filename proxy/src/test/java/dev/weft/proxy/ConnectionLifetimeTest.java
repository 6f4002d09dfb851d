package dev.weft.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.linux.CallState;
import dev.weft.linux.LinuxLibc;
import dev.weft.linux.Syscalls;
import dev.weft.testkit.IoMode;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.WeftFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TCP keepalive and TCP_USER_TIMEOUT on both sides, read back from the kernel with getsockopt on Weft's own
 * sockets (it runs in this process); and the two bounds on a connection's life besides its idle timeout.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionLifetimeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** This process's connected sockets whose peer has {@code address}'s port. */
    private static List<Integer> socketsTouching(InetSocketAddress address) throws IOException {
        List<Integer> found = new ArrayList<>();
        CallState cs = CallState.current();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                int number = Integer.parseInt(fd.getFileName().toString());
                try {
                    if (!Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        continue;
                    }
                    // By port alone: a dual-stack socket reports its peer v4-mapped.
                    if (Syscalls.remoteAddress(cs, number).getPort() == address.getPort()) {
                        found.add(number);
                    }
                } catch (IOException | RuntimeException notAConnectedSocket) {
                    // A listening socket, an epoll fd, or one closed meanwhile.
                }
            }
        }
        return found;
    }

    private static List<String> peers() {
        List<String> peers = new ArrayList<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    peers.add(fd.getFileName() + "=" + Syscalls.remoteAddress(CallState.current(),
                            Integer.parseInt(fd.getFileName().toString())));
                } catch (IOException | RuntimeException e) {
                    // Not a connected socket.
                }
            }
        } catch (IOException e) {
            peers.add(e.toString());
        }
        return peers;
    }

    private static int option(int fd, int level, int option) throws IOException {
        return Syscalls.getInt(CallState.current(), fd, level, option);
    }

    @ParameterizedTest
    @EnumSource(value = IoMode.class, names = {"NATIVE_COPY", "JDK"})
    void keepaliveAndUserTimeoutReachBothSides(IoMode io) throws Exception {
        boolean nativeIo = io != IoMode.JDK;
        try (TestServer backend = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.start(io, """
                     weft {
                       listeners.front {
                         bind = "127.0.0.1:0", backend = app
                         tcp-keepalive { idle = 77s, interval = 11s, count = 4 }
                         %s
                       }
                       backends.app {
                         endpoints = ["%s"], health-check.enabled = false
                         tcp-keepalive { idle = 33s, interval = 3s, count = 2 }
                         %s
                       }
                     }
                     """.formatted(nativeIo ? "tcp-user-timeout = 12345ms" : "", backend.hostPort(),
                     nativeIo ? "tcp-user-timeout = 2500ms" : ""));
             SocketChannel client = weft.connect()) {
            Streams.write(client, "ping");
            assertEquals("ping", Streams.readExactly(client, 4));
            List<Integer> accepted = socketsTouching((InetSocketAddress) client.getLocalAddress());
            assertEquals(1, accepted.size(), "Weft's side of the client connection");
            int front = accepted.getFirst();
            assertEquals(1, option(front, LinuxLibc.SOL_SOCKET, LinuxLibc.SO_KEEPALIVE));
            assertEquals(77, option(front, LinuxLibc.IPPROTO_TCP, LinuxLibc.TCP_KEEPIDLE));
            assertEquals(11, option(front, LinuxLibc.IPPROTO_TCP, LinuxLibc.TCP_KEEPINTVL));
            assertEquals(4, option(front, LinuxLibc.IPPROTO_TCP, LinuxLibc.TCP_KEEPCNT));
            List<Integer> outbound = socketsTouching(new InetSocketAddress("127.0.0.1", backend.port()));
            int back = outbound.stream().filter(fd -> {
                try {
                    return option(fd, LinuxLibc.SOL_SOCKET, LinuxLibc.SO_KEEPALIVE) == 1;
                } catch (IOException e) {
                    return false;
                }
            }).findFirst().orElseThrow(() -> new AssertionError("no backend socket with keepalive: " + outbound
                    + " of " + peers()));
            assertEquals(33, option(back, LinuxLibc.IPPROTO_TCP, LinuxLibc.TCP_KEEPIDLE));
            assertEquals(3, option(back, LinuxLibc.IPPROTO_TCP, LinuxLibc.TCP_KEEPINTVL));
            assertEquals(2, option(back, LinuxLibc.IPPROTO_TCP, LinuxLibc.TCP_KEEPCNT));
            if (nativeIo) {
                assertEquals(12345, option(front, LinuxLibc.IPPROTO_TCP, LinuxLibc.TCP_USER_TIMEOUT));
                assertEquals(2500, option(back, LinuxLibc.IPPROTO_TCP, LinuxLibc.TCP_USER_TIMEOUT));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = IoMode.class, names = {"NATIVE_SPLICE", "JDK"})
    void aConnectionIsClosedAtItsMaxLifetimeEvenWhileBusy(IoMode io) throws Exception {
        try (TestServer backend = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.proxyTo(io, "max-connection-lifetime = 400ms, max-connection-lifetime-jitter = 100ms", backend.hostPort());
             SocketChannel client = weft.connect()) {
            long start = System.nanoTime();
            // Traffic the whole time: the idle timeout (an hour) cannot be what ends it.
            ByteBuffer one = ByteBuffer.allocate(1);
            while (true) {
                try {
                    client.write(ByteBuffer.wrap(new byte[] {'x'}));
                    one.clear();
                    if (client.read(one) < 0) {
                        break;
                    }
                } catch (IOException closed) {
                    break;
                }
                assertTrue(System.nanoTime() - start < WAIT.toNanos(), "not closed at its lifetime");
            }
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(400), "closed before 400 ms");
        }
    }

    @ParameterizedTest
    @EnumSource(value = IoMode.class, names = {"NATIVE_COPY", "JDK"})
    void aHalfClosedConnectionIsClosedAtItsTimeout(IoMode io) throws Exception {
        CountDownLatch sawEnd = new CountDownLatch(1);
        // Reads to the client's end, answers, and then never closes its own side.
        TestServer.Handler holdsOpen = channel -> {
            while (channel.read(ByteBuffer.allocate(64)) >= 0) {
                // Until the client's FIN.
            }
            Streams.write(channel, "still here");
            sawEnd.countDown();
            channel.read(ByteBuffer.allocate(1));
        };
        try (TestServer backend = TestServer.start(holdsOpen);
             WeftFixture weft = WeftFixture.proxyTo(io, "half-closed-timeout = 300ms",
                     backend.hostPort());
             SocketChannel client = weft.connect()) {
            Streams.write(client, "bye");
            client.shutdownOutput();
            assertTrue(sawEnd.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the FIN reached the backend");
            assertEquals("still here", Streams.readExactly(client, 10), "the other direction still runs");
            client.socket().setSoTimeout((int) WAIT.toMillis());
            assertEquals(-1, client.socket().getInputStream().read(), "closed at the half-closed timeout");
        }
    }
}
