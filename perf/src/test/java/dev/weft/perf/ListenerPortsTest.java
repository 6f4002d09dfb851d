package dev.weft.perf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListenerPortsTest {

    @Test
    void portsAreBelowTheEphemeralRangeAndNeverHandedOutTwice() throws Exception {
        int ephemeralLow = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                .get(0).trim().split("\\s+")[0]);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = ListenerPorts.next();
            assertTrue(port >= 1024 && port < ephemeralLow, port + " is not below " + ephemeralLow);
            assertTrue(seen.add(port), port + " handed out twice");
        }
    }
}
