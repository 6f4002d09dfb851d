package dev.weft.cli;

import dev.weft.config.ShutdownConfig;
import dev.weft.linux.UnixDatagram;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Tells systemd what Weft is doing, as {@code sd_notify(3)} does, when it runs as a {@code Type=notify} service:
 * READY once every listener and side service is up, RELOADING and READY around each reload, STOPPING with how
 * long the drain may take, and a STATUS line each time. Without {@code NOTIFY_SOCKET} it does nothing. A message
 * that cannot be sent is logged once and never stops Weft.
 */
final class ServiceManager {
    private static final System.Logger LOG = System.getLogger("weft.server");
    /** Time for the JVM to exit after the drain, on top of what the drain may take. */
    private static final Duration EXIT_MARGIN = Duration.ofSeconds(10);

    private final String socket;
    private volatile boolean failed;

    private ServiceManager(String socket) {
        this.socket = socket;
    }

    static ServiceManager fromEnvironment() {
        String socket = System.getenv("NOTIFY_SOCKET");
        return new ServiceManager(socket == null || socket.isEmpty() ? null : socket);
    }

    void ready(String status) {
        send("READY=1\nSTATUS=serving: " + status + "\nMAINPID=" + ProcessHandle.current().pid());
    }

    /** After an upgrade: {@code pid}, the new process, is the service's main process from now on. */
    void mainPid(long pid) {
        send("MAINPID=" + pid + "\nSTATUS=handed over to process " + pid);
    }

    void reloading() {
        // systemd 253+ matches RELOADING to the reload it asked for by this timestamp (CLOCK_MONOTONIC, as nanoTime).
        send("RELOADING=1\nSTATUS=reloading\nMONOTONIC_USEC=" + System.nanoTime() / 1000);
    }

    /** The drain may outlast TimeoutStopSec: ask for the time it needs, so that it is not cut short. */
    void stopping(ShutdownConfig shutdown) {
        Duration needed = shutdown.grace().plus(shutdown.drainTimeout()).plus(EXIT_MARGIN);
        send("STOPPING=1\nSTATUS=draining for up to " + shutdown.grace().plus(shutdown.drainTimeout()).toSeconds()
                + " s\nEXTEND_TIMEOUT_USEC=" + needed.toNanos() / 1000);
    }

    private void send(String message) {
        if (socket == null) {
            return;
        }
        try {
            UnixDatagram.send(socket, message.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException | LinkageError e) {
            if (!failed) {
                failed = true;
                LOG.log(System.Logger.Level.WARNING, "cannot notify the service manager at " + socket + ": "
                        + e.getMessage());
            }
        }
    }
}
