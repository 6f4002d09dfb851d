package dev.weft.perf;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Something the comparison sends traffic through: nothing (direct), Weft, HAProxy or nginx. A target is started
 * in front of the comparison's backends and exposes one listener per backend.
 */
sealed interface Target extends AutoCloseable permits DirectTarget, ProcessTarget {

    /** The name in the report, such as {@code weft-jdk} or {@code haproxy-splice}. */
    String name();

    /**
     * Starts the target in front of {@code backends} and returns its listeners, TLS ones included if it can
     * terminate TLS with {@code certificates}.
     */
    BackendSet start(BackendSet backends, PerfCertificates certificates, Path workDir)
            throws IOException, InterruptedException;

    /** The processes whose memory the idle scenario measures; empty when there is none to measure. */
    List<Long> pids();

    @Override
    void close();

    /** A loopback port that was free a moment ago, for a target whose config needs a fixed port. */
    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** Waits until every listener accepts connections. */
    static void awaitListening(BackendSet listeners, Duration timeout, Process process, String name)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<InetSocketAddress> all = new ArrayList<>(List.of(listeners.echo(), listeners.sink(), listeners.source()));
        if (listeners.tls() != null) {
            all.addAll(List.of(listeners.tls().echoEc(), listeners.tls().echoRsa(), listeners.tls().sink()));
        }
        for (InetSocketAddress address : all) {
            while (true) {
                try (Socket probe = new Socket(address.getAddress(), address.getPort())) {
                    break;
                } catch (IOException notYet) {
                    if (!process.isAlive()) {
                        throw new IOException(name + " exited with status " + process.exitValue()
                                + " before listening");
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IOException(name + " is not listening on " + address + " after " + timeout);
                    }
                    Thread.sleep(20);
                }
            }
        }
    }
}
