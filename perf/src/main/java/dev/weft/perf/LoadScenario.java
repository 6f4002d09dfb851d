package dev.weft.perf;

import dev.weft.perf.tools.Program;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** One scenario of a comparison: a standard tool run against one route of a target. */
sealed interface LoadScenario permits IperfScenario, SockperfScenario, WrkScenario, RedisScenario, STimeScenario {

    /** The name in the report and on the command line, such as {@code http-keepalive}. */
    String name();

    /** The route of the targets it loads. */
    String route();

    /** What it needs installed. */
    List<Program> programs();

    /** What one operation is, for the per-operation figures: a request, a handshake, a GB. */
    String operation();

    Measurement run(InetSocketAddress target, Duration duration, ToolRunner tools) throws Exception;

    static String hostPort(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
