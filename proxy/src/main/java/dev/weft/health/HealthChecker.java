package dev.weft.health;

import dev.weft.config.HealthCheckConfig;
import dev.weft.transport.LocalSocketException;
import dev.weft.transport.StreamConnection;
import dev.weft.transport.Transport;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * Active TCP connect probes: one virtual thread per endpoint connects, closes, records the result and sleeps for
 * the interval. The first probe runs at once, so a dead endpoint leaves rotation within
 * {@code unhealthy-threshold} probes of startup.
 */
public final class HealthChecker implements AutoCloseable {
    private final List<Thread> probes = new ArrayList<>();
    private volatile boolean running = true;

    public HealthChecker(String backend, HealthCheckConfig config, List<ProbeTarget> targets, Transport transport) {
        for (ProbeTarget target : targets) {
            probes.add(Thread.ofVirtual().name("weft-health-" + backend + "-" + target.address())
                    .unstarted(() -> probeLoop(config, target, transport)));
        }
    }

    public void start() {
        probes.forEach(Thread::start);
    }

    private void probeLoop(HealthCheckConfig config, ProbeTarget target, Transport transport) {
        try {
            while (running) {
                probeOnce(config, target, transport);
                Thread.sleep(config.interval());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void probeOnce(HealthCheckConfig config, ProbeTarget target, Transport transport) {
        try (StreamConnection ignored = transport.connect(target.address(), config.timeout())) {
            target.health().recordSuccess();
        } catch (LocalSocketException e) {
            // This host is out of sockets; the endpoint may be fine, so record nothing.
        } catch (IOException e) {
            if (running) {
                target.health().recordFailure("health check: " + (e instanceof SocketTimeoutException
                        ? "connect timed out after " + config.timeout().toMillis() + " ms" : e.getMessage()));
            }
        }
    }

    @Override
    public void close() {
        running = false;
        probes.forEach(Thread::interrupt);
    }
}
