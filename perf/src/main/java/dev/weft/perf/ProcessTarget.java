package dev.weft.perf;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A proxy run as a child process from a generated config: Weft, HAProxy or nginx. Subclasses say how to write the
 * config and the command line; placing it on its CPUs, starting, waiting for the listeners and stopping are shared.
 */
abstract sealed class ProcessTarget implements Target permits WeftTarget, HaproxyTarget, NginxTarget {
    private static final Duration STARTUP = Duration.ofSeconds(60);

    /** A listener of the proxy: where it binds, what it proxies to, and the certificate if it terminates TLS. */
    record Listener(String name, InetSocketAddress bind, InetSocketAddress backend, PerfCertificates.Pem tls) {
    }

    private final CpuPlan cpus;
    private Process process;

    ProcessTarget(CpuPlan cpus) {
        this.cpus = cpus;
    }

    /** The threads the proxy gets: Weft's event loops, HAProxy's nbthread, nginx's worker processes. */
    final int threads() {
        return cpus.threads();
    }

    /** Writes the config into {@code workDir} and returns the command that runs the proxy in the foreground. */
    abstract List<String> command(List<Listener> listeners, Path workDir) throws IOException;

    @Override
    public final Map<String, InetSocketAddress> start(Map<String, InetSocketAddress> backends,
                                                      PerfCertificates certificates, Path workDir)
            throws IOException, InterruptedException {
        Path dir = Files.createDirectories(workDir.resolve(name()));
        List<Listener> listeners = new ArrayList<>();
        for (Route route : Route.ALL) {
            InetSocketAddress backend = backends.get(route.backend());
            if (backend != null) {
                listeners.add(new Listener(route.name(), loopback(ListenerPorts.next()), backend,
                        route.certificate(certificates)));
            }
        }
        List<String> command = new ArrayList<>(cpus.proxyPrefix());
        command.addAll(command(listeners, dir));
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("output.log").toFile()).start();
        Map<String, InetSocketAddress> bound = new LinkedHashMap<>();
        try {
            for (Listener listener : listeners) {
                Listening.await(listener.bind().getPort(), STARTUP, process, name());
                bound.put(listener.name(), listener.bind());
            }
        } catch (IOException e) {
            close();
            throw new IOException(e.getMessage() + "; see " + dir.resolve("output.log"), e);
        }
        return bound;
    }

    /**
     * The process and its children (nginx runs its workers as children of the master). With {@code taskset} in
     * front, the process is taskset, which execs the proxy, so its pid is the proxy's.
     */
    @Override
    public List<Long> pids() {
        if (process == null || !process.isAlive()) {
            return List.of();
        }
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
        process = null;
    }

    static InetSocketAddress loopback(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }
}
