package dev.weft.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.IoMode;
import dev.weft.testkit.LogCapture;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.WeftFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two groups at different distances over real loopback backends: near first, overflow, failover, return. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GroupFailoverTest {

    private static WeftFixture twoGroups(TestServer near, TestServer far, String nearSettings) throws Exception {
        return WeftFixture.start(IoMode.NATIVE_SPLICE, """
                weft {
                  listeners.front { bind = "127.0.0.1:0", backend = app }
                  backends.app {
                    groups {
                      near { endpoints = ["%s"], distance = 0, %s }
                      far { endpoints = ["%s"], distance = 10 }
                    }
                    connect-retries = 0
                    health-check { interval = 100ms, timeout = 500ms, healthy-threshold = 1, unhealthy-threshold = 1 }
                  }
                }
                """.formatted(near.hostPort(), nearSettings, far.hostPort()));
    }

    /** Opens a connection, proves it is proxied, and keeps it open. */
    private static SocketChannel hold(WeftFixture weft, List<SocketChannel> held) throws Exception {
        SocketChannel client = weft.connect();
        held.add(client);
        Streams.write(client, "ping");
        assertEquals("ping", Streams.readExactly(client, 4));
        return client;
    }

    @Test
    void nearFirstThenOverflowThenFailoverThenBack() throws Exception {
        List<SocketChannel> held = new ArrayList<>();
        TestServer near = TestServer.start(TestServer.ECHO);
        int nearPort = near.port();
        try (LogCapture log = LogCapture.attach();
             TestServer far = TestServer.start(TestServer.ECHO);
             WeftFixture weft = twoGroups(near, far, "max-connections = 2")) {
            Endpoint nearEndpoint = weft.server().backend("app").group("near").endpoints().getFirst();
            Endpoint farEndpoint = weft.server().backend("app").group("far").endpoints().getFirst();
            hold(weft, held);
            hold(weft, held);
            assertEquals(List.of(2L, 0L), List.of(nearEndpoint.total(), farEndpoint.total()), "near takes two");
            hold(weft, held);
            assertEquals(List.of(2L, 1L), List.of(nearEndpoint.total(), farEndpoint.total()),
                    "the third overflows: near is full");

            closeAll(held);
            near.close();
            log.await("group 'near' is DOWN", Duration.ofSeconds(10));
            hold(weft, held);
            assertEquals(List.of(2L, 2L), List.of(nearEndpoint.total(), farEndpoint.total()),
                    "with near down, far takes new connections");

            near = TestServer.start(nearPort, TestServer.ECHO);
            log.await("group 'near' is UP", Duration.ofSeconds(10));
            hold(weft, held);
            assertEquals(List.of(3L, 2L), List.of(nearEndpoint.total(), farEndpoint.total()),
                    "back to near once it is healthy");
        } finally {
            closeAll(held);
            near.close();
        }
    }

    @Test
    void aCapacityScalerOfZeroDrainsAGroup() throws Exception {
        List<SocketChannel> held = new ArrayList<>();
        try (TestServer near = TestServer.start(TestServer.ECHO);
             TestServer far = TestServer.start(TestServer.ECHO);
             WeftFixture weft = twoGroups(near, far, "capacity-scaler = 0")) {
            for (int i = 0; i < 5; i++) {
                hold(weft, held);
            }
            assertEquals(5, weft.server().backend("app").group("far").active());
            assertEquals(0, weft.server().backend("app").group("near").endpoints().getFirst().total());
            String metrics = weft.server().metrics();
            assertTrue(metrics.contains("weft_group_up{backend=\"app\",group=\"near\"} 0"),
                    "a drained group is not up, though its endpoint is: " + metrics);
            assertTrue(metrics.contains("weft_group_up{backend=\"app\",group=\"far\"} 1"), metrics);
        } finally {
            closeAll(held);
        }
    }

    @Test
    void eachClientAddressStaysOnItsEndpoint() throws Exception {
        List<TestServer> servers = new ArrayList<>();
        try {
            for (String name : new String[] {"aaa", "bbb", "ccc"}) {
                servers.add(TestServer.start(channel -> {
                    Streams.write(channel, name);
                    TestServer.ECHO.handle(channel);
                }));
            }
            try (WeftFixture weft = WeftFixture.proxyTo(IoMode.NATIVE_SPLICE, "session-affinity = client-ip",
                    servers.stream().map(TestServer::hostPort).toArray(String[]::new))) {
                Set<String> used = new HashSet<>();
                for (int client = 2; client < 12; client++) {
                    String first = null;
                    for (int i = 0; i < 4; i++) {
                        try (SocketChannel channel = SocketChannel.open()) {
                            // Another loopback source address stands for another client.
                            channel.bind(new InetSocketAddress("127.0.0." + client, 0));
                            channel.connect(weft.address());
                            String endpoint = Streams.readExactly(channel, 3);
                            if (first == null) {
                                first = endpoint;
                            }
                            assertEquals(first, endpoint, "client 127.0.0." + client + " stays on one endpoint");
                        }
                    }
                    used.add(first);
                }
                assertEquals(true, used.size() > 1, "clients spread over endpoints: " + used);
            }
        } finally {
            for (TestServer server : servers) {
                server.close();
            }
        }
    }

    private static void closeAll(List<SocketChannel> held) throws IOException {
        for (SocketChannel channel : held) {
            channel.close();
        }
        held.clear();
    }
}
