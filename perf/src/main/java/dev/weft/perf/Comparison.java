package dev.weft.perf;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code weft perf compare}: starts the backends and every target on loopback, runs each scenario against each
 * target in interleaved rounds, and writes the report, charts, JSON and histograms.
 */
final class Comparison {
    static final List<String> ALL_SCENARIOS = List.of("throughput", "rr", "rr-open", "crr", "idle",
            "tls-handshake-ec", "tls-handshake-rsa", "tls-resume", "tls-throughput");
    /** Concurrent clients of the handshake scenarios: enough to keep every proxy core busy. */
    static final int HANDSHAKE_CLIENTS = 8;
    static final List<String> ALL_TARGETS = List.of("direct", "weft-native-splice", "weft-native-copy", "weft-jdk",
            "haproxy", "haproxy-splice", "nginx");
    /** Also runnable, though not by default: Weft without its counters file, and with an access log too. */
    static final List<String> EXTRA_TARGETS = List.of("weft-bare", "weft-logged");
    /** The pipe size of HAProxy ({@code tune.pipesize}) and of Weft's splice pump ({@code weft.io.pipe-size}). */
    static final int PIPE_SIZE = 1 << 20;
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    /** What to run; {@code --quick} and the full run differ only in these numbers. */
    record Plan(List<String> scenarios, List<String> targets, int rounds, Duration duration, int idleConnections,
                int openLoopRate, int carriers) {
    }

    static Plan plan(Options options) {
        boolean quick = options.flag("quick");
        List<String> scenarios = list(options.string("scenarios", null), ALL_SCENARIOS, List.of(), "scenario");
        List<String> targets = list(options.string("targets", null), ALL_TARGETS, EXTRA_TARGETS, "target");
        return new Plan(scenarios, targets,
                options.integer("rounds", 3, 1, 99),
                options.duration("duration", quick ? Duration.ofSeconds(1) : Duration.ofSeconds(5)),
                options.integer("idle-connections", quick ? 1000 : 5000, 1, 100_000),
                options.integer("rate", 5000, 1, 10_000_000),
                options.integer("carriers", Runtime.getRuntime().availableProcessors(), 1, 1024));
    }

    private static List<String> list(String text, List<String> defaults, List<String> extra, String what) {
        if (text == null) {
            return defaults;
        }
        List<String> valid = new ArrayList<>(defaults);
        valid.addAll(extra);
        List<String> chosen = new ArrayList<>();
        for (String item : text.split(",")) {
            String name = item.strip();
            if (!valid.contains(name)) {
                throw new UsageException("unknown " + what + " '" + name + "'; choose from " + String.join(", ", valid));
            }
            chosen.add(name);
        }
        return chosen;
    }

    private final Plan plan;
    private final Path weftHome;
    private final PrintStream out;
    private final PrintStream progress;

    /** @param progress where the live progress line goes (stderr), apart from the results on {@code out} */
    Comparison(Plan plan, Path weftHome, PrintStream out, PrintStream progress) {
        this.plan = plan;
        this.weftHome = weftHome;
        this.out = out;
        this.progress = progress;
    }

    /** Runs the comparison and returns the directory the report went to. */
    Path run(Path outDir, String command) throws Exception {
        Path dir = Files.createDirectories(outDir.resolve(
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now(ZoneOffset.UTC))));
        List<String> notes = new ArrayList<>();
        List<Target> targets = new ArrayList<>();
        for (String name : plan.targets()) {
            Target target = target(name, notes);
            if (target != null) {
                targets.add(target);
            }
        }
        Map<String, BackendSet> listeners = new LinkedHashMap<>();
        List<ScenarioResult> results = new ArrayList<>();
        PerfCertificates certificates = PerfCertificates.create(dir.resolve("certificates"));
        try (PerfBackend echo = PerfBackend.start(PerfBackend.Kind.ECHO, ANY_LOOPBACK);
             PerfBackend sink = PerfBackend.start(PerfBackend.Kind.SINK, ANY_LOOPBACK);
             PerfBackend source = PerfBackend.start(PerfBackend.Kind.SOURCE, ANY_LOOPBACK)) {
            BackendSet backends = new BackendSet(echo.address(), sink.address(), source.address(), null);
            for (Target target : targets) {
                out.println("starting " + target.name());
                listeners.put(target.name(), target.start(backends, certificates, dir.resolve("targets")));
            }
            Map<String, List<ScenarioResult>> rounds = new LinkedHashMap<>();
            List<String> warmScenarios = plan.scenarios().stream().filter(s -> !s.equals("idle")).toList();
            if (plan.scenarios().contains("idle")) {
                // Memory is measured on a fresh process each round (a warm one reuses what earlier rounds grew),
                // and before everything else, so that no other scenario runs on a process that is cold again.
                for (int round = 1; round <= plan.rounds(); round++) {
                    for (Target target : targets) {
                        if (!target.pids().isEmpty()) {
                            restart(target, backends, certificates, dir, listeners);
                            measure(round, "idle", target, listeners, rounds);
                        }
                    }
                }
                if (!warmScenarios.isEmpty()) {
                    for (Target target : targets) {
                        if (!target.pids().isEmpty()) {
                            restart(target, backends, certificates, dir, listeners);
                        }
                    }
                }
            }
            if (!warmScenarios.isEmpty()) {
                warmUp(targets, listeners, warmScenarios);
            }
            progress.println();
            for (int round = 1; round <= plan.rounds(); round++) {
                for (String scenario : warmScenarios) {
                    for (Target target : targets) {
                        measure(round, scenario, target, listeners, rounds);
                    }
                }
            }
            rounds.values().forEach(r -> results.add(Medians.fold(r)));
        } finally {
            targets.forEach(Target::close);
        }
        Map<String, String> context = context(command, notes);
        List<String> names = targets.stream().map(Target::name).toList();
        ResultFiles.writeJson(dir.resolve("results.json"), context, results);
        ResultFiles.writeHistograms(dir.resolve("hgrm"), results);
        Report.write(dir, results, names, context, notes);
        return dir;
    }

    private Target target(String name, List<String> notes) {
        return switch (name) {
            case "direct" -> new DirectTarget();
            case "weft-jdk" -> new WeftTarget(weftHome, WeftTarget.Variant.JDK, plan.carriers());
            case "weft-native-splice" -> new WeftTarget(weftHome, WeftTarget.Variant.NATIVE_SPLICE, plan.carriers());
            case "weft-native-copy" -> new WeftTarget(weftHome, WeftTarget.Variant.NATIVE_COPY, plan.carriers());
            case "weft-bare" -> new WeftTarget(weftHome, WeftTarget.Variant.BARE, plan.carriers());
            case "weft-logged" -> new WeftTarget(weftHome, WeftTarget.Variant.LOGGED, plan.carriers());
            case "haproxy", "haproxy-splice" -> {
                if (!onPath("haproxy")) {
                    notes.add(name + " skipped: HAProxy is not installed (apt-get install -y haproxy)");
                    yield null;
                }
                yield new HaproxyTarget(name.endsWith("splice"), plan.carriers(), PIPE_SIZE);
            }
            case "nginx" -> {
                if (!onPath("nginx") || !Files.exists(NginxTarget.STREAM_MODULE)) {
                    notes.add("nginx skipped: nginx with the stream module is not installed"
                            + " (apt-get install -y nginx-light libnginx-mod-stream)");
                    yield null;
                }
                yield new NginxTarget(plan.carriers());
            }
            default -> throw new UsageException("unknown target '" + name + "'");
        };
    }

    private void restart(Target target, BackendSet backends, PerfCertificates certificates, Path dir,
                         Map<String, BackendSet> listeners) throws Exception {
        target.close();
        listeners.put(target.name(), target.start(backends, certificates, dir.resolve("targets")));
    }

    private void measure(int round, String scenario, Target target, Map<String, BackendSet> listeners,
                         Map<String, List<ScenarioResult>> rounds) throws Exception {
        ScenarioResult result = measureCpu(target, () -> runScenario(scenario, target,
                listeners.get(target.name()), plan.duration()));
        if (result != null) {
            progress.println();
            out.printf("round %d/%d  %s%n", round, plan.rounds(), Summary.line(result));
            rounds.computeIfAbsent(scenario + "/" + target.name(), k -> new ArrayList<>()).add(result);
        }
    }

    /**
     * One unmeasured pass of every scenario to be measured, per target, so that no target is measured cold: the JIT
     * compiles the JDK's TLS and AES-GCM code only after many handshakes and records, in Weft and in the load
     * generator alike, and a target measured first must not pay for warming the load generator.
     */
    private void warmUp(List<Target> targets, Map<String, BackendSet> listeners, List<String> scenarios)
            throws Exception {
        Duration warmUp = plan.duration();
        for (Target target : targets) {
            for (String scenario : scenarios) {
                runScenario(scenario, target, listeners.get(target.name()), warmUp);
            }
        }
    }

    private ScenarioResult runScenario(String scenario, Target target, BackendSet via, Duration duration)
            throws Exception {
        String label = target.name();
        return switch (scenario) {
            case "throughput" -> ThroughputScenario.run(label, new ThroughputScenario.Settings(via.sink(), 1,
                    duration, ThroughputScenario.Direction.UP), progress);
            case "rr" -> RequestResponseScenario.run(label, new RequestResponseScenario.Settings(via.echo(), 1, 64,
                    duration, 0), progress);
            case "rr-open" -> RequestResponseScenario.run(label, new RequestResponseScenario.Settings(via.echo(), 4,
                    64, duration, plan.openLoopRate()), progress);
            case "crr" -> ConnectRequestResponseScenario.run(label,
                    new ConnectRequestResponseScenario.Settings(via.echo(), 4, 64, duration), progress);
            case "idle" -> target.pids().isEmpty() ? null : IdleScenario.run(label,
                    new IdleScenario.Settings(via.echo(), plan.idleConnections() / 5, plan.idleConnections(),
                            target.pids(), Duration.ZERO), progress);
            case "tls-handshake-ec", "tls-handshake-rsa", "tls-resume" -> via.tls() == null ? null
                    : TlsHandshakeScenario.run(scenario, label, new TlsHandshakeScenario.Settings(
                            scenario.equals("tls-handshake-rsa") ? via.tls().echoRsa() : via.tls().echoEc(),
                            HANDSHAKE_CLIENTS, duration, scenario.equals("tls-resume")), progress);
            case "tls-throughput" -> via.tls() == null ? null : TlsThroughputScenario.run(label,
                    new TlsThroughputScenario.Settings(via.tls().sink(), 1, duration), progress);
            default -> throw new UsageException("unknown scenario '" + scenario + "'");
        };
    }

    interface Run {
        ScenarioResult run() throws Exception;
    }

    /**
     * Adds how much CPU the target's processes used during a throughput run: Gbit moved per CPU-second, the
     * efficiency a proxy is really judged on when the load generator shares the machine.
     */
    private static ScenarioResult measureCpu(Target target, Run run) throws Exception {
        List<Long> pids = target.pids();
        long before = ProcessCpu.ticks(pids);
        ScenarioResult result = run.run();
        if (result == null || !result.figures().containsKey("gbps") || pids.isEmpty()) {
            return result;
        }
        double cpuSeconds = (ProcessCpu.ticks(pids) - before) / ProcessCpu.TICKS_PER_SECOND;
        Map<String, Double> figures = new LinkedHashMap<>(result.figures());
        figures.put("cpu_seconds", cpuSeconds);
        figures.put("gbit_per_cpu_second", cpuSeconds > 0 ? figures.get("bytes") * 8 / 1e9 / cpuSeconds : Double.NaN);
        return new ScenarioResult(result.scenario(), result.target(), figures, result.latency());
    }

    private Map<String, String> context(String command, List<String> notes) throws IOException {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("date", DateTimeFormatter.ISO_INSTANT.format(ZonedDateTime.now(ZoneOffset.UTC)));
        context.put("command", "`" + command + "`");
        context.put("machine", Machine.describe());
        context.put("threads", plan.carriers() + " per proxy (Weft carriers = jdk.virtualThreadScheduler"
                + ".parallelism and event loops = weft.io.pollers, HAProxy nbthread, nginx worker_processes);"
                + " HAProxy tune.pipesize and Weft"
                + " weft.io.pipe-size " + PIPE_SIZE);
        context.put("plan", plan.rounds() + " round(s) of " + String.join(", ", plan.scenarios()) + "; "
                + plan.duration().toMillis() + " ms per run; rr-open at " + plan.openLoopRate()
                + " req/s over 4 connections; idle (measured first): a freshly started target, "
                + plan.idleConnections() / 5 + " warm-up connections, then RSS growth over "
                + plan.idleConnections() + " more; then every target is started afresh and warmed by one unmeasured"
                + " run of each other scenario before the rounds; TLS: 1.3, "
                + HANDSHAKE_CLIENTS + " concurrent handshaking clients, ECDSA P-256 and RSA 2048 certificates, the"
                + " same files for every target; the client (JDK) does not verify them");
        context.put("versions", Machine.versions());
        return context;
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin:/usr/sbin:/sbin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
