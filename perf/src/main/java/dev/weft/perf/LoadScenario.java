package dev.weft.perf;

import dev.weft.perf.tools.Program;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * One scenario of a comparison: a standard tool's load run against one route of every target.
 *
 * @param name      in the report and on the command line, such as {@code http-keepalive}
 * @param route     the route of the targets it loads
 * @param programs  what it needs installed
 * @param operation what one operation is, for the per-operation figures: a request, a handshake, a GB
 */
record LoadScenario(String name, String route, List<Program> programs, String operation, Load load) {

    /** How a tool is run and its output read. */
    sealed interface Load permits IperfLoad, SockperfLoad, WrkLoad, RedisLoad, STimeLoad {
        Measurement run(InetSocketAddress target, Duration duration, ToolRunner tools) throws Exception;
    }

    LoadScenario {
        programs = List.copyOf(programs);
    }

    Measurement run(InetSocketAddress target, Duration duration, ToolRunner tools) throws Exception {
        return load.run(target, duration, tools);
    }
}
