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
import dev.weft.metrics.CountersFile;
import dev.weft.metrics.CountersPublisher;
import dev.weft.server.StartupException;
import dev.weft.server.WeftServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a Weft until a signal has drained it, for {@code run} and {@code demo}: signals first, then the server,
 * then its side services (control socket, admin port, counters file), each named in the error that says it could
 * not start; the service manager hears READY, RELOADING and STOPPING as they happen.
 */
final class Serve {
    private Serve() {
    }

    /**
     * @param source where SIGHUP and {@code bin/weft reload} read the configuration again
     */
    static int serve(WeftConfig config, Reloader.Source source, Command.Console console) {
        // Signals before anything listens: a TERM that comes while Weft starts must drain, not kill.
        CountDownLatch stop = new CountDownLatch(1);
        AtomicReference<WeftServer> started = new AtomicReference<>();
        AtomicReference<Reloader> reloading = new AtomicReference<>();
        ServiceManager manager = ServiceManager.fromEnvironment();
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
        try {
            stateFile = config.control().stateFile() == null ? null
                    : StateFile.open(config.control().stateFile(), overrides);
        } catch (IOException e) {
            console.err().println("weft: cannot read the state file: " + e.getMessage());
            return Command.FAILED;
        }
        WeftServer server;
        try {
            server = WeftServer.start(config, overrides);
        } catch (StartupException e) {
            console.err().println("weft: " + e.getMessage());
            return Command.FAILED;
        }
        started.set(server);
        Reloader reloader = new Reloader(server, source);
        RuntimeApi api = new RuntimeApi(server, reloader, stateFile);
        api.dropStale();
        reloader.observe(manager::reloading, answer -> {
            api.dropStale();
            manager.ready(server.listeners().size() + " listener(s), " + server.backends().size()
                    + " backend(s); last reload: " + answer.lines().findFirst().orElse(""));
        });
        reloading.set(reloader);
        Map<String, ServiceStarter> starters = new LinkedHashMap<>();
        Path socket = config.control().socketPath(ProcessHandle.current().pid());
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
        List<AutoCloseable> services = new ArrayList<>();
        for (Map.Entry<String, ServiceStarter> starter : starters.entrySet()) {
            try {
                services.add(starter.getValue().start());
            } catch (IOException e) {
                console.err().println("weft: cannot open " + starter.getKey() + ": " + e.getMessage());
                closeAll(services, console);
                closeNow(server);
                return Command.FAILED;
            }
        }
        manager.ready(server.listeners().size() + " listener(s), " + server.backends().size() + " backend(s)");
        try {
            stop.await();
            ShutdownConfig shutdown = server.config().shutdown();
            manager.stopping(shutdown);
            server.shutdown(shutdown.grace(), shutdown.drainTimeout());
            return Command.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Command.FAILED;
        } finally {
            closeAll(services, console);
        }
    }

    /** Starts one side service of a running server. */
    @FunctionalInterface
    private interface ServiceStarter {
        AutoCloseable start() throws IOException;
    }

    private static void closeAll(List<AutoCloseable> services, Command.Console console) {
        for (AutoCloseable service : services.reversed()) {
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
