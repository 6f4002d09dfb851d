package dev.weft.perf;

import dev.weft.perf.tools.Program;
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
 * The backends behind every target, each the server half of a standard tool: an iperf3 server, a sockperf server,
 * an nginx HTTP server with a 3-byte answer for wrk and s_time, and redis-server; plus Weft's own Java echo for the
 * idle-memory and integrity scenarios. A backend whose program is missing is left out, and so are the scenarios
 * that need it.
 */
final class ToolBackends implements AutoCloseable {
    static final String ECHO = "echo";
    static final String IPERF = "iperf3";
    static final String SOCKPERF = "sockperf";
    static final String HTTP = "nginx-http";
    static final String REDIS = "redis";
    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final Map<String, InetSocketAddress> addresses = new LinkedHashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private PerfBackend echo;

    private ToolBackends() {
    }

    /** Starts every backend whose program is on {@code path}, in {@code dir}, placed by {@code cpus}. */
    static ToolBackends start(String path, CpuPlan cpus, Path dir) throws IOException, InterruptedException {
        ToolBackends backends = new ToolBackends();
        try {
            backends.echo = PerfBackend.start(PerfBackend.Kind.ECHO, new InetSocketAddress("127.0.0.1", 0));
            backends.addresses.put(ECHO, backends.echo.address());
            Files.createDirectories(dir);
            if (Program.IPERF3.locate(path).isPresent()) {
                int port = ListenerPorts.next();
                backends.spawn(IPERF, port, cpus, dir, List.of("iperf3", "--server", "--bind", "127.0.0.1",
                        "--port", Integer.toString(port)));
            }
            if (Program.SOCKPERF.locate(path).isPresent()) {
                int port = ListenerPorts.next();
                backends.spawn(SOCKPERF, port, cpus, dir, List.of("sockperf", "server", "--tcp", "-i", "127.0.0.1",
                        "-p", Integer.toString(port)));
            }
            if (Program.NGINX.locate(path).isPresent()) {
                int port = ListenerPorts.next();
                backends.spawn(HTTP, port, cpus, dir, List.of("nginx", "-p", dir.toString(), "-c",
                        httpConfig(dir, port, cpus.toolThreads()).toString()));
            }
            if (Program.REDIS_SERVER.locate(path).isPresent()) {
                int port = ListenerPorts.next();
                backends.spawn(REDIS, port, cpus, dir, List.of("redis-server", "--bind", "127.0.0.1", "--port",
                        Integer.toString(port), "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                        "--maxclients", "10000"));
            }
            return backends;
        } catch (IOException | InterruptedException | RuntimeException e) {
            backends.close();
            throw e;
        }
    }

    /** Backend name to address, for the backends that are running. */
    Map<String, InetSocketAddress> addresses() {
        return Map.copyOf(addresses);
    }

    private void spawn(String name, int port, CpuPlan cpus, Path dir, List<String> command)
            throws IOException, InterruptedException {
        List<String> placed = new ArrayList<>(cpus.toolPrefix());
        placed.addAll(command);
        Process process = new ProcessBuilder(placed).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).start();
        processes.add(process);
        try {
            Listening.await(port, STARTUP, process, "backend " + name);
        } catch (IOException e) {
            throw new IOException(e.getMessage() + "; see " + dir.resolve(name + ".log"), e);
        }
        addresses.put(name, new InetSocketAddress("127.0.0.1", port));
    }

    /**
     * A tiny fixed answer, no access log, and keep-alive connections that last the whole run: nginx closes one after
     * 1,000 requests by default, which would turn a keep-alive run into a reconnecting one.
     */
    private static Path httpConfig(Path dir, int port, int workers) throws IOException {
        String config = "worker_processes " + workers + ";\ndaemon off;\npid " + dir.resolve("nginx-http.pid")
                + ";\nerror_log " + dir.resolve("nginx-http-error.log") + " warn;\nworker_rlimit_nofile 19000;\n"
                + "events { worker_connections 18000; }\n"
                + "http {\n  access_log off;\n  keepalive_requests 1000000000;\n  keepalive_timeout 1h;\n"
                + "  server { listen 127.0.0.1:" + port + " backlog=4096; location / { return 200 \"ok\\n\"; } }\n}\n";
        return Files.writeString(dir.resolve("nginx-http.conf"), config);
    }

    @Override
    public void close() {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (echo != null) {
            try {
                echo.close();
            } catch (IOException e) {
                // The comparison is over; a failed close of its own echo listener changes no figure.
            }
        }
    }
}
