package dev.weft.cli;

import dev.weft.admin.AdminServer;
import dev.weft.admin.AdminToken;
import dev.weft.config.BackendConfig;
import dev.weft.config.ConfigLoader;
import dev.weft.config.ConfigProblem;
import dev.weft.config.HostPort;
import dev.weft.config.InvalidConfigException;
import dev.weft.config.ListenerConfig;
import dev.weft.config.WeftConfig;
import dev.weft.demo.EchoServer;
import dev.weft.metrics.CountersFile;
import dev.weft.metrics.CountersPublisher;
import dev.weft.proxy.TerminationCause;
import dev.weft.server.StartupException;
import dev.weft.server.TlsEngines;
import dev.weft.server.WeftServer;
import dev.weft.tls.SelfSignedCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@code weft} command line: parses the command and its options and runs it. {@code -Dkey=value} settings
 * reach here as JVM system properties, put there by the launcher, and override the config file.
 */
public final class WeftCli {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    private static final String DEMO_CONFIG = "dev/weft/demo/demo.conf";
    private static final int DEMO_LIVE_ENDPOINTS = 2;

    private final PrintStream out;
    private final PrintStream err;

    public WeftCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public int execute(String[] args) {
        if (args.length == 0) {
            err.print(usage());
            return USAGE;
        }
        String command = args[0];
        List<String> options = List.of(args).subList(1, args.length);
        try {
            return switch (command) {
                case "run" -> run(configFile(options));
                case "check" -> check(configFile(options));
                case "demo" -> demo(options);
                case "reload" -> reload(options);
                case "stat" -> new StatCommand(out).run(options);
                case "version", "--version" -> {
                    out.println("weft " + version() + " (Java " + Runtime.version() + ")");
                    yield OK;
                }
                case "help", "--help", "-h" -> {
                    out.print(usage());
                    yield OK;
                }
                default -> throw new UsageException("unknown command '" + command + "'");
            };
        } catch (UsageException e) {
            err.println("weft: " + e.getMessage());
            err.print(usage());
            return USAGE;
        } catch (RuntimeException | StackOverflowError e) {
            // A defect, not the user's input: still one line, never a stack trace.
            err.println("weft " + command + ": internal error: " + e + " (please report it)");
            return FAILED;
        }
    }

    private int check(Path file) {
        try {
            WeftConfig config = ConfigLoader.fromFile(file, System.getProperties());
            if (!certificatesUsable(file, config) | !filesReplaceable(file, config)) {
                return FAILED;
            }
            out.println(file + ": OK (" + config.listeners().size() + " listener(s), " + config.backends().size()
                    + " backend(s))");
            return OK;
        } catch (InvalidConfigException e) {
            report(e);
            return FAILED;
        }
    }

    /** The counters file and control socket a config names must be absent, or what a stopped Weft left. */
    private boolean filesReplaceable(Path file, WeftConfig config) {
        try {
            if (!config.control().socket().isEmpty()) {
                ControlSocket.checkReplaceable(Path.of(config.control().socket()));
            }
            if (config.metrics().enabled() && !config.metrics().countersFile().isEmpty()) {
                CountersFile.checkReplaceable(Path.of(config.metrics().countersFile()));
            }
            return true;
        } catch (IOException e) {
            err.println(file + ": " + e.getMessage());
            return false;
        }
    }

    /**
     * Loads every certificate and key the config names, as starting would: a key that does not match its
     * certificate, or a file that is not what it should be, is an error; an expired certificate is a warning.
     */
    private boolean certificatesUsable(Path file, WeftConfig config) {
        boolean usable = true;
        for (ListenerConfig listener : config.listeners().values()) {
            if (listener.tls() == null) {
                continue;
            }
            try {
                TlsEngines.checkListener(listener.name(), listener.tls(), config.io(), warning -> out.println(file + ": warning: "
                        + "listener '" + listener.name() + "': " + warning));
            } catch (IOException e) {
                err.println(file + ": listener '" + listener.name() + "': " + e.getMessage());
                usable = false;
            }
        }
        for (BackendConfig backend : config.backends().values()) {
            if (backend.tls() == null) {
                continue;
            }
            try {
                TlsEngines.checkBackend(backend.name(), backend.tls(), config.io());
            } catch (IOException e) {
                err.println(file + ": " + e.getMessage());
                usable = false;
            }
        }
        return usable;
    }

    private int run(Path file) {
        WeftConfig config;
        try {
            config = ConfigLoader.fromFile(file, System.getProperties());
        } catch (InvalidConfigException e) {
            report(e);
            return FAILED;
        }
        return serve(config, () -> ConfigLoader.fromFile(file, System.getProperties()));
    }

    private int demo(List<String> options) {
        if (!options.isEmpty()) {
            throw new UsageException("demo takes no options");
        }
        WeftConfig config;
        Properties demoProperties;
        try {
            demoProperties = withDemoCertificate(System.getProperties());
            config = ConfigLoader.fromResource(DEMO_CONFIG, demoProperties);
        } catch (InvalidConfigException e) {
            report(e);
            return FAILED;
        } catch (IOException e) {
            err.println("weft demo: cannot write the demo certificate: " + e.getMessage());
            return FAILED;
        }
        List<EchoServer> echoes = new ArrayList<>();
        try {
            for (HostPort endpoint : config.backends().get("echo").endpoints().subList(0, DEMO_LIVE_ENDPOINTS)) {
                echoes.add(EchoServer.start(endpoint.address()));
            }
            HostPort dead = config.backends().get("echo").endpoints().get(DEMO_LIVE_ENDPOINTS);
            var listener = config.listeners().get("demo").bind();
            out.println("weft demo: echo services on the first two endpoints of backend 'echo', nothing on " + dead
                    + ". Try it: printf 'hello\\n' | nc -q 1 " + listener.host() + " " + listener.port()
                    + "   (without nc: bash -c 'exec 3<>/dev/tcp/" + listener.host() + "/" + listener.port()
                    + "; echo hello >&3; head -n1 <&3')");
            var tls = config.listeners().get("demo-tls").bind();
            out.println("weft demo: TLS on " + tls + " with a self-signed certificate for localhost. Try it: "
                    + "openssl s_client -quiet -connect " + tls + " -servername localhost");
            return serve(config, () -> ConfigLoader.fromResource(DEMO_CONFIG, demoProperties));
        } catch (IOException e) {
            err.println("weft demo: cannot start the demo echo services: " + e.getMessage()
                    + " (are ports 7101-7102 free?)");
            return FAILED;
        } finally {
            for (EchoServer echo : echoes) {
                try {
                    echo.close();
                } catch (IOException ignored) {
                    // The process is ending.
                }
            }
        }
    }

    /**
     * A self-signed certificate for the demo's TLS listener, in a temporary directory removed at exit, named
     * through system-property overrides, as a user could.
     */
    private static Properties withDemoCertificate(Properties base) throws IOException {
        Path directory = Files.createTempDirectory("weft-demo");
        Path cert = directory.resolve("localhost.pem");
        Path key = directory.resolve("localhost.key");
        SelfSignedCertificate.create(SelfSignedCertificate.KeyKind.EC, Duration.ofDays(30), "localhost",
                "127.0.0.1").writePem(cert, key);
        for (Path file : List.of(directory, cert, key)) {
            file.toFile().deleteOnExit();
        }
        Properties properties = new Properties();
        properties.putAll(base);
        properties.setProperty("weft.listeners.demo-tls.tls.certificates.0.cert", cert.toString());
        properties.setProperty("weft.listeners.demo-tls.tls.certificates.0.key", key.toString());
        return properties;
    }

    /**
     * Starts the server and blocks until a signal has drained it. SIGHUP and {@code bin/weft reload} (through the
     * control socket) apply the config {@code source} gives then.
     */
    private int serve(WeftConfig config, Reloader.Source source) {
        // Signals before anything listens: a TERM that comes while Weft starts must drain, not kill.
        CountDownLatch stop = new CountDownLatch(1);
        AtomicReference<WeftServer> started = new AtomicReference<>();
        AtomicReference<Reloader> reloading = new AtomicReference<>();
        ShutdownSignals.install(stop::countDown,
                () -> {
                    if (started.get() != null) {
                        started.get().listeners().forEach(l -> l.closeRemaining(TerminationCause.SHUTDOWN));
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
        WeftServer server;
        try {
            server = WeftServer.start(config);
        } catch (StartupException e) {
            err.println("weft: " + e.getMessage());
            return FAILED;
        }
        started.set(server);
        Reloader reloader = new Reloader(server, source);
        reloading.set(reloader);
        // The side services, each named for the error that says it could not start.
        Map<String, ServiceStarter> starters = new LinkedHashMap<>();
        Path socket = config.control().socketPath(ProcessHandle.current().pid());
        starters.put("the control socket", () -> ControlSocket.open(socket, reloader));
        if (config.admin().enabled()) {
            AtomicReference<AdminToken> token = new AtomicReference<>();
            starters.put("the admin token", () -> {
                token.set(config.admin().tokenFile() != null ? AdminToken.read(config.admin().tokenFile())
                        : AdminToken.generate(AdminToken.besideSocket(socket)));
                return token.get();
            });
            starters.put("the admin port " + config.admin().bind(), () -> AdminServer.start(config.admin(),
                    token.get(), new AdminServer.Hooks(server::metrics, server::draining, server::configuration,
                            () -> drain(server), reloader::reload)));
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
                err.println("weft: cannot open " + starter.getKey() + ": " + e.getMessage());
                closeAll(services);
                drainNow(server);
                return FAILED;
            }
        }
        try {
            stop.await();
            server.shutdown(config.shutdown().drainTimeout());
            return OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        } finally {
            closeAll(services);
        }
    }

    /** Starts one side service of a running server. */
    @FunctionalInterface
    private interface ServiceStarter {
        AutoCloseable start() throws IOException;
    }

    private void closeAll(List<AutoCloseable> services) {
        for (AutoCloseable service : services.reversed()) {
            try {
                service.close();
            } catch (Exception e) {
                err.println("weft: while stopping: " + e.getMessage());
            }
        }
    }

    private static void drainNow(WeftServer server) {
        try {
            server.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void drain(WeftServer server) {
        try {
            server.drain();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code reload [--pid P | --socket F]}: asks a running Weft, through its control socket, to reload. */
    private int reload(List<String> options) {
        Path socket = null;
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            if (option.equals("--pid") && i + 1 < options.size()) {
                try {
                    socket = ControlSocketLocator.socketOf(Long.parseLong(options.get(++i)));
                } catch (NumberFormatException e) {
                    throw new UsageException("--pid takes a process id, not '" + options.get(i) + "'");
                }
            } else if (option.equals("--socket") && i + 1 < options.size()) {
                socket = Path.of(options.get(++i));
            } else {
                throw new UsageException("unexpected argument '" + option + "'");
            }
        }
        if (socket == null) {
            throw new UsageException("reload needs --pid P (the socket that process's configuration names) or "
                    + "--socket FILE");
        }
        try {
            String answer = ControlSocket.send(socket, "reload");
            if (answer.isEmpty()) {
                err.println("weft: " + socket + " closed the connection without an answer");
                return FAILED;
            }
            (answer.startsWith("OK") ? out : err).println(answer);
            return answer.startsWith("OK") ? OK : FAILED;
        } catch (IOException e) {
            err.println("weft: cannot reach " + socket + ": " + e.getMessage() + " (is Weft running?)");
            return FAILED;
        }
    }

    private void report(InvalidConfigException e) {
        for (ConfigProblem problem : e.problems()) {
            err.println(problem);
        }
        err.println(e.problems().size() + " problem(s) found");
    }

    private static Path path(String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new UsageException("--config: not a file path: " + e.getMessage());
        }
    }

    private static Path configFile(List<String> options) {
        Path file = null;
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            if (option.equals("--config") && i + 1 < options.size()) {
                file = path(options.get(++i));
            } else if (option.startsWith("--config=")) {
                file = path(option.substring("--config=".length()));
            } else {
                throw new UsageException("unexpected argument '" + option + "'");
            }
        }
        if (file == null) {
            throw new UsageException("missing --config FILE");
        }
        return file;
    }

    static String version() {
        try (InputStream in = WeftCli.class.getResourceAsStream("/dev/weft/version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String usage() {
        return """
                Usage: weft [-Dkey=value ...] COMMAND
                
                Commands:
                  run --config FILE     start Weft with the HOCON configuration in FILE
                  check --config FILE   validate FILE and print every problem; binds nothing
                  demo                  start on a built-in config with in-process echo backends
                  stat [--pid P | --file FILE] [--interval 1s] [--count N]
                                        live counters of a running Weft, with rates per second
                  reload --pid P | --socket FILE
                                        make a running Weft read its configuration again (as SIGHUP does);
                                        prints what changed, or why nothing did
                  version               print the version
                  help                  print this help
                
                Any -Dweft.<key>=<value> overrides that key of the configuration, for example
                  weft -Dweft.backends.app.connect-timeout=1s run --config weft.conf
                Keys are documented in docs/CONFIG.md.
                """;
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
