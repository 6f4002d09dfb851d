package dev.weft.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.config.BackendConfig;
import dev.weft.config.BackendProtocol;
import dev.weft.config.Balancing;
import dev.weft.config.ConnectionLifetime;
import dev.weft.config.EndpointPolicy;
import dev.weft.config.GroupConfig;
import dev.weft.config.HealthCheckConfig;
import dev.weft.config.HostPort;
import dev.weft.config.ProxyProtocolVersion;
import dev.weft.config.SessionAffinity;
import dev.weft.config.TcpOptions;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which group and endpoint a new connection gets: distance, capacity, draining, failover, affinity. */
class GroupRoutingTest {

    private static GroupConfig group(String name, int distance, int perEndpoint, int total, double scaler,
                                     int firstPort, int count) {
        List<GroupConfig.Member> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            members.add(new GroupConfig.Member(HostPort.parse("127.0.0.1:" + (firstPort + i), false), 1));
        }
        return new GroupConfig(name, members, distance, perEndpoint, total, scaler, 1, null, Duration.ZERO);
    }

    private static Backend backend(SessionAffinity affinity, GroupConfig... groups) {
        return new Backend(new BackendConfig("app", List.of(groups), Balancing.ROUND_ROBIN, Duration.ofSeconds(1), 0,
                Duration.ofHours(1), HealthCheckConfig.tcp(true, Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 1),
                BackendProtocol.TCP, null, ProxyProtocolVersion.NONE, affinity, Duration.ofSeconds(30), TcpOptions.NONE,
                ConnectionLifetime.UNBOUNDED, EndpointPolicy.DEFAULT));
    }

    private static String groupOf(Endpoint endpoint) {
        return endpoint == null ? "refused" : endpoint.group().name();
    }

    @Test
    void theNearGroupTakesEverythingUntilFullThenTheNextClosestOverflows() {
        Backend backend = backend(SessionAffinity.NONE, group("far", 2, 0, 0, 1.0, 9100, 2),
                group("near", 0, 2, 3, 1.0, 9000, 2), group("middle", 1, 1, 0, 1.0, 9200, 1));
        List<String> placed = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            placed.add(groupOf(backend.reserve(List.of(), null)));
        }
        assertEquals(List.of("near", "near", "near", "middle", "far", "far"), placed,
                "near holds 3 (its group limit), middle 1, then far");
        assertEquals(3, backend.group("near").active());
    }

    @Test
    void aGroupWithoutHealthyEndpointsFailsOverAndComesBack() {
        Backend backend = backend(SessionAffinity.NONE, group("near", 0, 0, 0, 1.0, 9000, 2),
                group("far", 5, 0, 0, 1.0, 9100, 1));
        for (Endpoint endpoint : backend.group("near").endpoints()) {
            endpoint.health().recordFailure("test");
        }
        assertEquals("far", groupOf(backend.reserve(List.of(), null)));
        backend.group("near").endpoints().getFirst().health().recordSuccess();
        assertEquals("near", groupOf(backend.reserve(List.of(), null)));
    }

    @Test
    void aScalerOfZeroDrainsAGroupAndScalersShrinkLimits() {
        Backend drained = backend(SessionAffinity.NONE, group("near", 0, 0, 0, 0.0, 9000, 2),
                group("far", 1, 0, 0, 1.0, 9100, 1));
        for (int i = 0; i < 10; i++) {
            assertEquals("far", groupOf(drained.reserve(List.of(), null)));
        }
        Backend halved = backend(SessionAffinity.NONE, group("only", 0, 4, 0, 0.5, 9000, 1));
        assertEquals("only", groupOf(halved.reserve(List.of(), null)));
        assertEquals("only", groupOf(halved.reserve(List.of(), null)));
        assertEquals("refused", groupOf(halved.reserve(List.of(), null)), "4 x 0.5 = 2 connections");
    }

    @Test
    void withNoRoomAnywhereTheConnectionIsRefusedAndReleasesFreeRoom() {
        Backend backend = backend(SessionAffinity.NONE, group("only", 0, 1, 0, 1.0, 9000, 1));
        Endpoint first = backend.reserve(List.of(), null);
        assertNull(backend.reserve(List.of(), null));
        first.release(10, 20);
        assertEquals("only", groupOf(backend.reserve(List.of(), null)));
        assertEquals(10, first.counters().bytesIn());
        assertEquals(20, backend.group("only").counters().bytesOut());
    }

    @Test
    void groupsAtTheSameDistanceShareByCapacity() {
        Backend backend = backend(SessionAffinity.NONE, group("a", 0, 100, 0, 1.0, 9000, 1),
                group("b", 0, 100, 0, 1.0, 9100, 3));
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            counts.merge(groupOf(backend.reserve(List.of(), null)), 1, Integer::sum);
        }
        assertTrue(counts.get("b") > counts.get("a") * 2, counts.toString());
        assertEquals(200, counts.get("a") + counts.get("b"));
    }

    @Test
    void clientIpAffinityMovesAboutOneNthOfClientsWhenAnEndpointGoes() throws Exception {
        int endpoints = 10;
        Backend all = backend(SessionAffinity.CLIENT_IP, group("g", 0, 0, 0, 1.0, 9000, endpoints));
        Backend oneLess = backend(SessionAffinity.CLIENT_IP, group("g", 0, 0, 0, 1.0, 9000, endpoints - 1));
        int clients = 20_000;
        int moved = 0;
        int movedFromSurvivors = 0;
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < clients; i++) {
            // Client addresses are only hashed here; nothing is sent to them.
            InetAddress client = InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8),
                    (byte) i});
            int before = all.group("g").affinityOwner(client).address().getPort();
            int after = oneLess.group("g").affinityOwner(client).address().getPort();
            used.add(before);
            if (before != after) {
                moved++;
                if (before != 9000 + endpoints - 1) {
                    movedFromSurvivors++;
                }
            }
        }
        double fraction = moved / (double) clients;
        assertEquals(endpoints, used.size(), "every endpoint owns some clients");
        assertEquals(0, movedFromSurvivors, "only the removed endpoint's clients move");
        assertTrue(fraction > 0.05 && fraction < 0.15, "moved fraction " + fraction + ", expected about 1/"
                + endpoints);
    }

    @Test
    void affinityKeepsAClientOnItsEndpointWhileItCanTakeIt() throws Exception {
        Backend backend = backend(SessionAffinity.CLIENT_IP, group("g", 0, 2, 0, 1.0, 9000, 5));
        InetAddress client = InetAddress.getByName("127.0.0.9");
        Endpoint first = backend.reserve(List.of(), client);
        assertEquals(first, backend.reserve(List.of(), client), "same client, same endpoint");
        Endpoint third = backend.reserve(List.of(), client);
        assertTrue(third != null && third != first, "the owner is full (2): another endpoint takes it");
        first.health().recordFailure("down");
        first.release(0, 0);
        Endpoint whileDown = backend.reserve(List.of(), client);
        assertTrue(whileDown != null && whileDown != first, "the owner is down: another endpoint takes it");
    }
}
