package dev.weft.perf;

import java.util.ArrayList;
import java.util.List;

/**
 * The scenarios of a comparison, in the order they run: the standard tools' ({@link LoadScenario}), then the two
 * only Weft's own Java generator does: {@code idle} (resident memory per idle proxied connection) and
 * {@code integrity} (every byte streamed both ways checked against a known pattern).
 */
final class Scenarios {
    static final String IDLE = "idle";
    static final String INTEGRITY = "integrity";
    /** Keep-alive and {@code Connection: close} connections of wrk, and redis-benchmark's clients. */
    static final int HTTP_CONNECTIONS = 32;
    static final int REDIS_CLIENTS = 50;

    private Scenarios() {
    }

    /** @param openLoopRate the messages per second of {@code rr-open} */
    static List<LoadScenario> load(int openLoopRate) {
        return List.of(
                new IperfScenario("bulk-up-1", 1, false, false),
                new IperfScenario("bulk-down-1", 1, true, false),
                new IperfScenario("bulk-up-8", 8, false, false),
                new IperfScenario("bulk-down-8", 8, true, false),
                new SockperfScenario("rr", 0),
                new SockperfScenario("rr-open", openLoopRate),
                new WrkScenario("http-keepalive", HTTP_CONNECTIONS, false),
                new WrkScenario("http-close", HTTP_CONNECTIONS, true),
                new RedisScenario("redis", REDIS_CLIENTS),
                new STimeScenario("tls-new-ec", Route.TLS_EC, false),
                new STimeScenario("tls-new-rsa", Route.TLS_RSA, false),
                new STimeScenario("tls-resume", Route.TLS_EC, true),
                new IperfScenario("tls-bulk", 1, false, true));
    }

    static List<String> names() {
        List<String> names = new ArrayList<>(load(1).stream().map(LoadScenario::name).toList());
        names.add(IDLE);
        names.add(INTEGRITY);
        return names;
    }
}
