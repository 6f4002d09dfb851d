package dev.weft.perf;

import dev.weft.perf.tools.Program;
import java.util.ArrayList;
import java.util.List;

/**
 * The scenarios of a comparison, in the order they run: the standard tools' ({@link LoadScenario}), then the two
 * only Weft's own Java generator does: {@code idle} and {@code idle-tls} (resident memory per idle proxied
 * connection, plain or with TLS terminated by the proxy) and
 * {@code integrity} (every byte streamed both ways checked against a known pattern).
 */
final class Scenarios {
    static final String IDLE = "idle";
    static final String IDLE_TLS = "idle-tls";
    static final String INTEGRITY = "integrity";
    /** Keep-alive and {@code Connection: close} connections of wrk, and redis-benchmark's clients. */
    static final int HTTP_CONNECTIONS = 32;
    static final int REDIS_CLIENTS = 50;
    private static final String GB = "GB";
    private static final String ROUND_TRIP = "round trip";
    private static final String HANDSHAKE = "handshake";

    private Scenarios() {
    }

    /** @param openLoopRate the messages per second of {@code rr-open} */
    static List<LoadScenario> load(int openLoopRate) {
        List<Program> iperf = List.of(Program.IPERF3);
        List<Program> http = List.of(Program.WRK, Program.NGINX);
        List<Program> handshakes = List.of(Program.OPENSSL, Program.NGINX);
        return List.of(
                new LoadScenario("bulk-up-1", Route.IPERF, iperf, GB, new IperfLoad(1, false, false)),
                new LoadScenario("bulk-down-1", Route.IPERF, iperf, GB, new IperfLoad(1, true, false)),
                new LoadScenario("bulk-up-8", Route.IPERF, iperf, GB, new IperfLoad(8, false, false)),
                new LoadScenario("bulk-down-8", Route.IPERF, iperf, GB, new IperfLoad(8, true, false)),
                new LoadScenario("rr", Route.SOCKPERF, List.of(Program.SOCKPERF), ROUND_TRIP, new SockperfLoad(0)),
                new LoadScenario("rr-open", Route.SOCKPERF, List.of(Program.SOCKPERF), ROUND_TRIP,
                        new SockperfLoad(openLoopRate)),
                new LoadScenario("http-keepalive", Route.HTTP, http, "request",
                        new WrkLoad(HTTP_CONNECTIONS, false)),
                new LoadScenario("http-close", Route.HTTP, http, "connection", new WrkLoad(HTTP_CONNECTIONS, true)),
                new LoadScenario("redis", Route.REDIS, List.of(Program.REDIS_BENCHMARK, Program.REDIS_SERVER),
                        "request", new RedisLoad(REDIS_CLIENTS)),
                new LoadScenario("tls-new-ec", Route.TLS_EC, handshakes, HANDSHAKE, new STimeLoad(false)),
                new LoadScenario("tls-new-rsa", Route.TLS_RSA, handshakes, HANDSHAKE, new STimeLoad(false)),
                new LoadScenario("tls-resume", Route.TLS_EC, handshakes, HANDSHAKE, new STimeLoad(true)),
                new LoadScenario("tls-bulk", Route.TLS_IPERF, List.of(Program.IPERF3, Program.SOCAT), GB,
                        new IperfLoad(1, false, true)));
    }

    static List<String> names() {
        List<String> names = new ArrayList<>(load(1).stream().map(LoadScenario::name).toList());
        names.add(IDLE);
        names.add(IDLE_TLS);
        names.add(INTEGRITY);
        return names;
    }
}
