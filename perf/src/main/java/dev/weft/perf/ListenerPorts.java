package dev.weft.perf;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fixed ports for the listeners a run's configs name: below the kernel's ephemeral range, and never the same twice
 * in one run. A port the kernel handed out as ephemeral ({@code bind(0)}) is one it may hand again to any outgoing
 * connection, and the load tools open thousands, so such a port could be taken before the proxy bound it; and a
 * port one target used could answer for the next one while the first was still closing, which once made a TLS
 * client meet a plain listener.
 */
final class ListenerPorts {
    /** How many ports below the ephemeral range the run takes its ports from. */
    private static final int SPAN = 8000;
    private static final int LOWEST = 1024;
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final int FIRST;
    private static final int COUNT;

    static {
        int ephemeralLow = ephemeralLow();
        FIRST = Math.max(LOWEST, ephemeralLow - SPAN);
        COUNT = Math.max(1, ephemeralLow - FIRST);
        // Runs one after another start at different places, so a lingering socket of the last run is not met.
        NEXT.set((int) (ProcessHandle.current().pid() % COUNT));
    }

    private ListenerPorts() {
    }

    /** A port nothing listened on a moment ago, not used before by this run. */
    static int next() throws IOException {
        for (int tries = 0; tries < COUNT; tries++) {
            int port = FIRST + Math.floorMod(NEXT.getAndIncrement(), COUNT);
            if (free(port)) {
                return port;
            }
        }
        throw new IOException("no free loopback port in " + FIRST + "-" + (FIRST + COUNT - 1));
    }

    private static boolean free(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The low end of {@code net.ipv4.ip_local_port_range}; Linux's default where it cannot be read. */
    private static int ephemeralLow() {
        try {
            // Line by line: Files.readString reads a sysctl file short (here "3" of "32768\t60999").
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }
}
