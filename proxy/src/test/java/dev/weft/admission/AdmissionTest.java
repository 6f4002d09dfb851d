package dev.weft.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.config.AccessConfig;
import dev.weft.config.CidrBlock;
import dev.weft.config.LimitsConfig;
import dev.weft.config.RateLimit;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionTest {
    private static InetAddress ip(String text) {
        return InetAddress.ofLiteral(text);
    }

    private static AccessConfig access(List<String> allow, List<String> deny) {
        return new AccessConfig(allow.stream().map(CidrBlock::parse).toList(),
                deny.stream().map(CidrBlock::parse).toList());
    }

    @Test
    void blocksParseStrictly() {
        assertEquals("10.0.0.0/8", CidrBlock.parse("10.0.0.0/8").toString());
        assertEquals("192.0.2.1/32", CidrBlock.parse("192.0.2.1").toString());
        assertEquals("2001:db8:0:0:0:0:0:0/32", CidrBlock.parse("2001:db8::/32").toString());
        assertEquals("0.0.0.0/0", CidrBlock.parse("0.0.0.0/0").toString());
        for (String bad : new String[] {"10.0.0.1/8", "10.0.0.0/33", "2001:db8::/129", "example.com", "10.0.0.0/",
                "10.0.0.0/-1", "", "/8", "10.0.0.0/8/8", "::1/+1"}) {
            assertThrows(IllegalArgumentException.class, () -> CidrBlock.parse(bad), bad);
        }
        assertTrue(CidrBlock.parse("192.0.2.0/24").contains(CidrBlock.of(ip("::ffff:192.0.2.7"), 128)),
                "a v4-mapped client matches as IPv4");
        assertFalse(CidrBlock.parse("::/0").contains(CidrBlock.of(ip("192.0.2.7"), 128)));
    }

    @Test
    void theMostSpecificBlockDecidesAndDenyWinsATie() {
        Admission admission = new Admission(access(List.of("10.0.0.0/8", "10.1.2.3", "2001:db8::/32"),
                List.of("10.1.0.0/16", "10.9.0.0/16", "10.9.0.0/16")), LimitsConfig.NONE, null);
        assertNull(admission.admit(ip("10.200.0.1"), false).refusal());
        assertEquals(Refusal.DENIED, admission.admit(ip("10.1.9.9"), false).refusal());
        assertNull(admission.admit(ip("10.1.2.3"), false).refusal(), "a /32 allow inside a /16 deny");
        assertEquals(Refusal.DENIED, admission.admit(ip("192.0.2.1"), false).refusal(), "outside every allow");
        assertNull(admission.admit(ip("2001:db8:1::5"), false).refusal());
        assertEquals(Refusal.DENIED, admission.admit(ip("2001:db9::5"), false).refusal());
        Admission denyOnly = new Admission(access(List.of(), List.of("192.0.2.0/24")), LimitsConfig.NONE, null);
        assertNull(denyOnly.admit(ip("198.51.100.1"), false).refusal(), "no allow list: all but the denied");
        Admission tie = new Admission(access(List.of("192.0.2.0/24"), List.of("192.0.2.0/24")), LimitsConfig.NONE,
                null);
        assertEquals(Refusal.DENIED, tie.admit(ip("192.0.2.1"), false).refusal());
    }

    private static LimitsConfig limits(int connections, RateLimit rate, RateLimit handshakes, int tracked) {
        return new LimitsConfig(RateLimit.OFF, RateLimit.OFF, connections, rate, handshakes, tracked, 64);
    }

    @Test
    void aClientsOpenConnectionsAreBoundedAndCountedDownOnRelease() {
        Admission admission = new Admission(AccessConfig.OPEN, limits(2, RateLimit.OFF, RateLimit.OFF, 1000), null);
        Ticket first = admission.admit(ip("192.0.2.1"), false);
        Ticket second = admission.admit(ip("192.0.2.1"), false);
        assertNull(second.refusal());
        assertEquals(Refusal.CLIENT_CONNECTIONS, admission.admit(ip("192.0.2.1"), false).refusal());
        assertNull(admission.admit(ip("192.0.2.2"), false).refusal(), "another client has its own count");
        first.release();
        assertNull(admission.admit(ip("192.0.2.1"), false).refusal());
        assertEquals(Refusal.CLIENT_CONNECTIONS, admission.admit(ip("192.0.2.1"), false).refusal());
    }

    @Test
    void anAdoptedConnectionIsNeverRefusedButCountsAgainstItsClient() {
        RateLimit slow = new RateLimit(0.001, 1);
        Admission admission = new Admission(AccessConfig.OPEN, limits(1, slow, RateLimit.OFF, 1000), null);
        Ticket moved = admission.adopt(ip("192.0.2.1"));
        assertNull(moved.refusal());
        Ticket alsoMoved = admission.adopt(ip("192.0.2.1"));
        assertNull(alsoMoved.refusal(), "over the connection limit, but already served by the process before");
        assertEquals(Refusal.CLIENT_CONNECTIONS, admission.admit(ip("192.0.2.1"), false).refusal());
        moved.release();
        alsoMoved.release();
        assertNull(admission.admit(ip("192.0.2.1"), false).refusal(), "adopting spent none of the rate's burst");
        assertNull(Admission.OPEN.adopt(ip("192.0.2.1")).refusal());
    }

    @Test
    void ratesAreTokenBucketsWithABurst() {
        // One token every 1,000 s: only the burst can pass while this test runs.
        RateLimit slow = new RateLimit(0.001, 3);
        Admission admission = new Admission(AccessConfig.OPEN, limits(0, slow, new RateLimit(0.001, 2), 1000),
                null);
        for (int i = 0; i < 2; i++) {
            assertNull(admission.admit(ip("192.0.2.1"), true).refusal());
        }
        assertEquals(Refusal.CLIENT_HANDSHAKES, admission.admit(ip("192.0.2.1"), true).refusal());
        assertEquals(Refusal.CLIENT_RATE, admission.admit(ip("192.0.2.1"), false).refusal(),
                "the third connection passed the connection bucket; the fourth does not");
        assertNull(admission.admit(ip("192.0.2.9"), true).refusal());
        Admission listenerWide = new Admission(AccessConfig.OPEN, new LimitsConfig(slow, RateLimit.OFF, 0,
                RateLimit.OFF, RateLimit.OFF, 1000, 64), null);
        for (int i = 0; i < 3; i++) {
            assertNull(listenerWide.admit(ip("192.0.2." + i), false).refusal());
        }
        assertEquals(Refusal.LISTENER_RATE, listenerWide.admit(ip("192.0.2.77"), false).refusal());
    }

    @Test
    void ipv6ClientsAreGroupedByPrefix() {
        Admission admission = new Admission(AccessConfig.OPEN, limits(1, RateLimit.OFF, RateLimit.OFF, 1000), null);
        assertNull(admission.admit(ip("2001:db8:1:2::1"), false).refusal());
        assertEquals(Refusal.CLIENT_CONNECTIONS, admission.admit(ip("2001:db8:1:2:ffff::9"), false).refusal(),
                "the same /64");
        assertNull(admission.admit(ip("2001:db8:1:3::1"), false).refusal(), "another /64");
    }

    @Test
    void theTableOfClientsIsBoundedWhateverTheFlood() {
        int tracked = 6400;
        Admission admission = new Admission(AccessConfig.OPEN, limits(5, RateLimit.OFF, RateLimit.OFF, tracked),
                null);
        List<Ticket> open = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            Ticket ticket = admission.admit(ip("10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff)),
                    false);
            assertNull(ticket.refusal());
            open.add(ticket);
        }
        assertTrue(admission.trackedClients() <= tracked, admission.trackedClients() + " tracked");
        assertTrue(admission.trackedClients() >= tracked * 9 / 10, admission.trackedClients() + " tracked");
        open.forEach(Ticket::release);
        Admission reloaded = new Admission(AccessConfig.OPEN, limits(9, RateLimit.OFF, RateLimit.OFF, tracked),
                admission);
        assertEquals(admission.trackedClients(), reloaded.trackedClients(), "a reload keeps the table");
    }
}
