package dev.weft.perf;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A proxy run as a child process from a generated config: Weft, HAProxy or nginx. Subclasses say how to write the
 * config and the command line; starting, waiting for the listeners and stopping are shared.
 */
abstract sealed class ProcessTarget implements Target permits WeftTarget, HaproxyTarget, NginxTarget {
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private Process process;

    /**
     * Writes the config into {@code workDir} and returns the command that runs the proxy in the foreground: plain
     * listeners for the three backends, and TLS listeners ({@code listeners.tls()}) with {@code certificates}.
     */
    abstract List<String> command(BackendSet backends, BackendSet listeners, PerfCertificates certificates,
                                  Path workDir) throws IOException;

    @Override
    public final BackendSet start(BackendSet backends, PerfCertificates certificates, Path workDir)
            throws IOException, InterruptedException {
        Path dir = Files.createDirectories(workDir.resolve(name()));
        BackendSet listeners = new BackendSet(loopback(Target.freePort()), loopback(Target.freePort()),
                loopback(Target.freePort()), new BackendSet.TlsListeners(loopback(Target.freePort()),
                loopback(Target.freePort()), loopback(Target.freePort())));
        process = new ProcessBuilder(command(backends, listeners, certificates, dir)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("output.log").toFile()).start();
        try {
            Target.awaitListening(listeners, STARTUP, process, name());
        } catch (IOException e) {
            close();
            throw new IOException(e.getMessage() + "; see " + dir.resolve("output.log"), e);
        }
        return listeners;
    }

    /** The process and its children (nginx runs its workers as children of the master). */
    @Override
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        pids.add(process.pid());
        process.descendants().forEach(child -> pids.add(child.pid()));
        return pids;
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static InetSocketAddress loopback(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    static String hostPort(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
