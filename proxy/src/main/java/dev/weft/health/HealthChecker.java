package dev.weft.health;

import dev.weft.config.HealthCheckConfig;
import dev.weft.config.ProxyProtocolVersion;
import dev.weft.proxyprotocol.ProxyHeader;
import dev.weft.proxyprotocol.ProxyHeaderWriter;
import dev.weft.tls.ClientTls;
import dev.weft.transport.LocalSocketException;
import dev.weft.transport.StreamConnection;
import dev.weft.transport.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Active probes: one virtual thread per endpoint probes, records the result (and the connect time, for
 * {@code distance = auto}) and sleeps for the interval. A probe connects, sends the backend's PROXY header if it
 * takes one (LOCAL: no addresses), then, by type, stops there ({@code tcp}), completes a TLS handshake
 * ({@code tls}), or sends {@code send} and reads until the response shows whether it starts with {@code expect}
 * ({@code send-expect}). The whole probe must finish within the timeout, or it is closed and counts as failed.
 * The first probe runs at once, so a dead endpoint leaves rotation within {@code unhealthy-threshold} probes of
 * startup. Endpoints that come and go (DNS groups) are followed: every interval the set of probes is made to
 * match the backend's endpoints.
 */
public final class HealthChecker implements AutoCloseable {
    private static final long CLOSE_WAIT_NANOS = 1_000_000_000L;
    /** Probe threads by the endpoint they watch; only the coordinator thread changes it. */
    private final Map<EndpointHealth, Thread> probes = new IdentityHashMap<>();
    private final String backend;
    private final Supplier<List<ProbeTarget>> targets;
    private final Thread coordinator;
    private final HealthCheckConfig config;
    private final Transport transport;
    /** The PROXY header each probe sends first when the backend expects one; else null. */
    private final ByteBuffer proxyHeader;
    private final ByteBuffer send;
    private final byte[] expect;
    private final ClientTls tls;
    /** Probes running now, so that closing can end them while the transport they use still runs. */
    private final Set<Probe> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    /**
     * @param tls        the TLS client for {@code type = tls} probes: the backend's own, or one that accepts any
     *                   certificate; null for other types
     */
    public HealthChecker(String backend, HealthCheckConfig config, Supplier<List<ProbeTarget>> targets,
                         Transport transport, ProxyProtocolVersion proxyProtocol, ClientTls tls) {
        this.backend = backend;
        this.targets = targets;
        this.config = config;
        this.transport = transport;
        this.tls = tls;
        this.proxyHeader = proxyProtocol == ProxyProtocolVersion.NONE ? null : local(proxyProtocol);
        this.send = config.send() == null ? null : direct(config.send().getBytes(StandardCharsets.UTF_8));
        this.expect = config.expect() == null ? null : config.expect().getBytes(StandardCharsets.UTF_8);
        this.coordinator = Thread.ofVirtual().name("weft-health-" + backend).unstarted(this::coordinate);
    }

    private static ByteBuffer local(ProxyProtocolVersion version) {
        ByteBuffer header = ByteBuffer.allocateDirect(64);
        ProxyHeaderWriter.write(version, ProxyHeader.LOCAL, null, header);
        return header.flip().asReadOnlyBuffer();
    }

    private static ByteBuffer direct(byte[] bytes) {
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
    }

    public void start() {
        coordinator.start();
    }

    private void coordinate() {
        try {
            while (running) {
                reconcile();
                Thread.sleep(config.interval());
            }
        } catch (InterruptedException e) {
            // close() was called.
        } finally {
            probes.values().forEach(Thread::interrupt);
        }
    }

    /** Starts a probe for each endpoint that has none, and stops those of endpoints that left. */
    private void reconcile() {
        List<ProbeTarget> now = targets.get();
        Map<EndpointHealth, ProbeTarget> wanted = new IdentityHashMap<>();
        for (ProbeTarget target : now) {
            wanted.put(target.health(), target);
        }
        probes.entrySet().removeIf(entry -> {
            if (wanted.containsKey(entry.getKey())) {
                return false;
            }
            entry.getValue().interrupt();
            return true;
        });
        wanted.forEach((health, target) -> probes.computeIfAbsent(health, h -> Thread.ofVirtual()
                .name("weft-health-" + backend + "-" + target.address()).start(() -> probeLoop(target))));
    }

    private void probeLoop(ProbeTarget target) {
        InetSocketAddress address = config.port() == 0 ? target.address()
                : new InetSocketAddress(target.address().getAddress(), config.port());
        try {
            while (running) {
                probeOnce(address, target.health());
                Thread.sleep(config.interval());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs one probe on its own virtual thread, so that a probe stuck reading can be closed at the timeout. */
    private void probeOnce(InetSocketAddress address, EndpointHealth health) throws InterruptedException {
        Probe probe = new Probe(address);
        Thread thread = Thread.ofVirtual().unstarted(probe);
        probe.thread = thread;
        inFlight.add(probe);
        if (!running) {
            inFlight.remove(probe);
            return; // Closed meanwhile: close() may not have seen this probe, so it must not start.
        }
        thread.start();
        try {
            if (!thread.join(config.timeout())) {
                probe.abandon();
                thread.join();
            }
        } catch (InterruptedException e) {
            probe.abandon(); // Closing: the probe leaves inFlight itself, once it has ended.
            throw e;
        }
        if (!running) {
            return;
        }
        switch (probe.outcome) {
            case Outcome.Passed passed -> health.recordSuccess(passed.connectNanos());
            case Outcome.Failed failed -> health.probeFailed("health check: " + failed.reason());
            case Outcome.Skipped skipped -> {
                // This host is out of sockets; the endpoint may be fine, so record nothing.
            }
        }
    }

    private sealed interface Outcome {
        record Passed(long connectNanos) implements Outcome {
        }

        record Failed(String reason) implements Outcome {
        }

        record Skipped() implements Outcome {
        }
    }

    /** One probe's work and result; {@link #abandon} closes its connection from the waiting thread. */
    private final class Probe implements Runnable {
        private final InetSocketAddress address;
        private volatile StreamConnection connection;
        private volatile boolean abandoned;
        private Thread thread;
        private volatile Outcome outcome = new Outcome.Failed("timed out after " + config.timeout().toMillis()
                + " ms");

        Probe(InetSocketAddress address) {
            this.address = address;
        }

        @Override
        public void run() {
            try {
                probe();
            } finally {
                inFlight.remove(this);
            }
        }

        private void probe() {
            long start = System.nanoTime();
            try (StreamConnection opened = transport.connect(address, config.timeout())) {
                connection = opened;
                long connectNanos = System.nanoTime() - start;
                if (abandoned) {
                    return;
                }
                if (proxyHeader != null) {
                    opened.write(proxyHeader.duplicate());
                }
                String failure = switch (config.type()) {
                    case TCP -> null;
                    case TLS -> handshake(opened);
                    case SEND_EXPECT -> sendExpect(opened);
                };
                if (!abandoned) {
                    outcome = failure == null ? new Outcome.Passed(connectNanos) : new Outcome.Failed(failure);
                }
            } catch (LocalSocketException e) {
                outcome = new Outcome.Skipped();
            } catch (IOException e) {
                if (!abandoned) {
                    outcome = new Outcome.Failed(e instanceof SocketTimeoutException ? "connect timed out after "
                            + config.timeout().toMillis() + " ms" : String.valueOf(e.getMessage()));
                }
            }
        }

        private String handshake(StreamConnection opened) throws IOException {
            tls.connect(opened, address).abort();
            return null;
        }

        private String sendExpect(StreamConnection opened) throws IOException {
            opened.write(send.duplicate());
            ByteBuffer response = ByteBuffer.allocateDirect(expect.length);
            while (response.hasRemaining()) {
                if (opened.read(response) < 0) {
                    break;
                }
            }
            response.flip();
            byte[] got = new byte[response.remaining()];
            response.get(got);
            return Arrays.equals(got, expect) ? null : "expected a response starting with '"
                    + new String(expect, StandardCharsets.UTF_8) + "', got '" + new String(got, StandardCharsets.UTF_8)
                    + "'";
        }

        void abandon() {
            abandoned = true;
            StreamConnection opened = connection;
            if (opened != null) {
                opened.abort();
            }
        }
    }

    /**
     * Stops probing. Probes in flight are abandoned (their connections closed) and waited for, up to a second, so
     * that none is left parked on a transport that shuts down next, holding its socket and TLS state for good.
     */
    @Override
    public void close() {
        running = false;
        coordinator.interrupt();
        long deadline = System.nanoTime() + Math.min(config.timeout().toNanos(), CLOSE_WAIT_NANOS);
        for (Probe probe : inFlight) {
            probe.abandon();
        }
        for (Probe probe : inFlight) {
            long left = deadline - System.nanoTime();
            try {
                if (left <= 0 || !probe.thread.join(Duration.ofNanos(left))) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }
}
