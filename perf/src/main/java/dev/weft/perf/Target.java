package dev.weft.perf;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Something the comparison sends traffic through: nothing (direct), Weft, HAProxy or nginx. A target is started
 * in front of the comparison's backends and exposes one listener per {@link Route} whose backend is running.
 */
sealed interface Target extends AutoCloseable permits DirectTarget, ProcessTarget {

    /** The name in the report, such as {@code weft-jdk} or {@code haproxy-splice}. */
    String name();

    /**
     * Starts the target in front of {@code backends} (backend name to address) and returns its listeners by route
     * name, TLS ones included if it can terminate TLS with {@code certificates}.
     */
    Map<String, InetSocketAddress> start(Map<String, InetSocketAddress> backends, PerfCertificates certificates,
                                         Path workDir) throws IOException, InterruptedException;

    /** The processes whose CPU, memory and system calls are measured; empty when there is none. */
    List<Long> pids();

    @Override
    void close();

    /** {@code host:port} as the configs and the tools' command lines take it. */
    static String hostPort(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
