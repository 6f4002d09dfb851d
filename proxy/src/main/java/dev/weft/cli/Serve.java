package dev.weft.cli;

import dev.weft.balance.RuntimeOverrides;
import dev.weft.config.ShutdownConfig;
import dev.weft.config.WeftConfig;
import dev.weft.control.AdminServer;
import dev.weft.control.AdminToken;
import dev.weft.control.ControlSocket;
import dev.weft.control.Reloader;
import dev.weft.control.RuntimeApi;
import dev.weft.control.StateFile;
import dev.weft.handover.Predecessor;
import dev.weft.handover.Successor;
import dev.weft.metrics.CountersFile;
import dev.weft.metrics.CountersPublisher;
import dev.weft.server.StartupException;
import dev.weft.server.WeftServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a Weft until a signal has drained it, for {@code run} and {@code demo}: signals first, then the server,
 * then its side services (control socket, admin port, counters file), each named in the error that says it could
 * not start; the service manager hears READY, RELOADING and STOPPING as they happen. Started by an upgrade
 * ({@link Successor}), it takes its listening sockets and sessions from the process it replaces; asked to upgrade
 * ({@link Predecessor}), it gives them to the next one and exits.
 */
final class Serve {
    private static final Duration UPGRADE_STEP_TIMEOUT = Duration.ofSeconds(60);

    private final WeftConfig config;
    private final Reloader.Source source;
    /** How to start the next process for an upgrade; null when this one cannot be upgraded (the demo). */
    private final List<String> relaunch;
    private final Command.Console console;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final ServiceManager manager = ServiceManager.fromEnvironment();
    private final List<AutoCloseable> services = new ArrayList<>();
    private volatile boolean handedOver;

    private Serve(WeftConfig config, Reloader.Source source, List<String> relaunch, Command.Console console) {
        this.config = config;
        this.source = source;
        this.relaunch = relaunch;
        this.console = console;
    }

    /**
     * @param source   where SIGHUP and {@code bin/weft reload} read the configuration again
     * @param relaunch the command that starts this configuration again, for {@code bin/weft upgrade}; null for none
     */
    static int serve(WeftConfig config, Reloader.Source source, List<String> relaunch, Command.Console console) {
        return new Serve(config, source, relaunch, console).run();
    }

    private int run() {
        // Signals before anything listens: a TERM that comes while Weft starts must drain, not kill.
        AtomicReference<WeftServer> started = new AtomicReference<>();
        AtomicReference<Reloader> reloading = new AtomicReference<>();
        ShutdownSignals.install(stop::countDown,
                () -> {
                    if (started.get() != null) {
                        started.get().hurry();
                    }
                },
                () -> {
                    if (reloading.get() != null) {
                        Thread.ofVirtual().start(reloading.get()::reload);
                    }
                },
                () -> {
                    if (started.get() != null && started.get().accessLog() != null) {
                        started.get().accessLog().reopen();
                    }
                });
        RuntimeOverrides overrides = new RuntimeOverrides();
        StateFile stateFile;
        Successor successor;
        try {
            stateFile = config.control().stateFile() == null ? null
                    : StateFile.open(config.control().stateFile(), overrides);
            successor = Successor.fromEnvironment();
        } catch (IOException e) {
            console.err().println("weft: " + e.getMessage());
            return Command.FAILED;
        }
        WeftServer server;
        try {
            server = WeftServer.start(config, overrides, successor == null ? Map.of() : successor.listeners());
        } catch (StartupException e) {
            console.err().println("weft: " + e.getMessage());
            if (successor != null) {
                successor.failed(e.getMessage());
            }
            return Command.FAILED;
        }
        started.set(server);
        if (successor != null) {
            try {
                successor.ready();
            } catch (IOException e) {
                console.err().println("weft: upgrade: " + e.getMessage() + "; opening the side services anyway");
            }
        }
        Reloader reloader = new Reloader(server, source);
        RuntimeApi api = new RuntimeApi(server, reloader, stateFile);
        api.dropStale();
        reloader.observe(manager::reloading, answer -> {
            api.dropStale();
            manager.ready(status(server) + "; last reload: " + answer.lines().findFirst().orElse(""));
        });
        reloading.set(reloader);
        Path socket = config.control().socketPath(ProcessHandle.current().pid());
        if (relaunch != null) {
            api.upgrades(new Predecessor(server, relaunch, socket.toAbsolutePath().getParent(),
                    UPGRADE_STEP_TIMEOUT, new Predecessor.Hooks() {
                        @Override
                        public void releaseServices() {
                            handedOver = true;
                            closeServices();
                        }

                        @Override
                        public void mainPid(long pid) {
                            manager.mainPid(pid);
                        }

                        @Override
                        public void exit() {
                            stop.countDown();
                        }
                    })::upgrade);
        }
        if (!startServices(server, api, socket, successor != null)) {
            closeServices();
            closeNow(server);
            return Command.FAILED;
        }
        if (successor != null) {
            try {
                successor.serving(server);
            } catch (IOException e) {
                console.err().println("weft: upgrade: cannot take up the old process's sessions: " + e.getMessage());
                successor.close();
            }
        }
        manager.ready(status(server));
        try {
            stop.await();
            ShutdownConfig shutdown = server.config().shutdown();
            if (!handedOver) {
                // After a handover the new process is the service: its manager must not hear this one stop.
                manager.stopping(shutdown);
            }
            server.shutdown(shutdown.grace(), shutdown.drainTimeout());
            return Command.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Command.FAILED;
        } finally {
            closeServices();
        }
    }

    private static String status(WeftServer server) {
        return server.listeners().size() + " listener(s), " + server.backends().size() + " backend(s)";
    }

    /**
     * Opens the control socket, the admin port and the counters file. A failure ends the start, except in a
     * process an upgrade started: the old one has already given way, so this one serves without that service.
     */
    private boolean startServices(WeftServer server, RuntimeApi api, Path socket, boolean upgrading) {
        Map<String, ServiceStarter> starters = new LinkedHashMap<>();
        starters.put("the control socket", () -> ControlSocket.open(socket, api));
        if (config.admin().enabled()) {
            AtomicReference<AdminToken> token = new AtomicReference<>();
            starters.put("the admin token", () -> {
                token.set(config.admin().tokenFile() != null ? AdminToken.read(config.admin().tokenFile())
                        : AdminToken.generate(AdminToken.besideSocket(socket)));
                return token.get();
            });
            starters.put("the admin port " + config.admin().bind(), () -> AdminServer.start(config.admin(),
                    token.get(), new AdminServer.Hooks(server::metrics, server::draining, server::configuration,
                            server::drain, api::execute)));
        }
        if (config.metrics().enabled()) {
            starters.put("the counters file", () -> new CountersPublisher(CountersFile.create(
                    config.metrics().path(ProcessHandle.current().pid()), config.metrics().capacity()),
                    server::samples, config.metrics().publishInterval()));
        }
        for (Map.Entry<String, ServiceStarter> starter : starters.entrySet()) {
            try {
                AutoCloseable service = starter.getValue().start();
                synchronized (services) {
                    services.add(service);
                }
            } catch (IOException e) {
                console.err().println("weft: cannot open " + starter.getKey() + ": " + e.getMessage()
                        + (upgrading ? "; serving without it" : ""));
                if (!upgrading) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Starts one side service of a running server. */
    @FunctionalInterface
    private interface ServiceStarter {
        AutoCloseable start() throws IOException;
    }

    /** Closes every side service, once: at exit, or earlier for the process that replaces this one. */
    private void closeServices() {
        List<AutoCloseable> open;
        synchronized (services) {
            open = new ArrayList<>(services);
            services.clear();
        }
        for (AutoCloseable service : open.reversed()) {
            try {
                service.close();
            } catch (Exception e) {
                console.err().println("weft: while stopping: " + e.getMessage());
            }
        }
    }

    private static void closeNow(WeftServer server) {
        try {
            server.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
