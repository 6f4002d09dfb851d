package dev.weft.perf;

import java.util.List;

/**
 * One listener every target exposes in a comparison, and the backend it proxies to: plain TCP, or TLS terminated
 * with the comparison's ECDSA or RSA certificate in front of a plain backend.
 *
 * @param name    the listener's name, which scenarios ask for
 * @param backend the {@link ToolBackends} backend behind it
 */
record Route(String name, String backend, Tls tls) {
    enum Tls { NONE, EC, RSA }

    static final String ECHO = "echo";
    static final String IPERF = "iperf";
    static final String SOCKPERF = "sockperf";
    static final String HTTP = "http";
    static final String REDIS = "redis";
    static final String TLS_EC = "tls-ec";
    static final String TLS_RSA = "tls-rsa";
    static final String TLS_IPERF = "tls-iperf";
    static final String TLS_ECHO = "tls-echo";

    static final List<Route> ALL = List.of(
            new Route(ECHO, ToolBackends.ECHO, Tls.NONE),
            new Route(IPERF, ToolBackends.IPERF, Tls.NONE),
            new Route(SOCKPERF, ToolBackends.SOCKPERF, Tls.NONE),
            new Route(HTTP, ToolBackends.HTTP, Tls.NONE),
            new Route(REDIS, ToolBackends.REDIS, Tls.NONE),
            new Route(TLS_EC, ToolBackends.HTTP, Tls.EC),
            new Route(TLS_RSA, ToolBackends.HTTP, Tls.RSA),
            new Route(TLS_IPERF, ToolBackends.IPERF, Tls.EC),
            new Route(TLS_ECHO, ToolBackends.ECHO, Tls.EC));

    boolean terminatesTls() {
        return tls != Tls.NONE;
    }

    /** The certificate this route's listener serves; null for plain TCP. */
    PerfCertificates.Pem certificate(PerfCertificates certificates) {
        return switch (tls) {
            case NONE -> null;
            case EC -> certificates.ec();
            case RSA -> certificates.rsa();
        };
    }
}
