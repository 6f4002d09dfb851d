package dev.weft.perf;

import dev.weft.perf.tools.Program;
import dev.weft.perf.tools.ToolOutputException;
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
 * {@code weft perf compare}: starts the tools' backends and every target on loopback, runs each scenario's
 * standard tool against each target in interleaved rounds while counting the target's CPU, counts its system calls
 * in a pass of its own, and writes the report, charts and JSON.
 */
final class Comparison {
    /** The pipe size of HAProxy ({@code tune.pipesize}) and of Weft's splice pump ({@code weft.io.pipe-size}). */
    static final int PIPE_SIZE = 1 << 20;
    private static final double MICROS_PER_TICK = 1e6 / ProcessCpu.TICKS_PER_SECOND;

    private final ComparisonPlan plan;
    private final Path weftHome;
    private final String path;
    private final PrintStream out;
    private final PrintStream progress;
    private final List<String> notes = new ArrayList<>();
    private final List<String> corrupted = new ArrayList<>();

    /**
     * @param path     the {@code PATH} the tools and peers are looked up on
     * @param progress where the live progress lines go (stderr), apart from the results on {@code out}
     */
    Comparison(ComparisonPlan plan, Path weftHome, String path, PrintStream out, PrintStream progress) {
        this.plan = plan;
        this.weftHome = weftHome;
        this.path = path;
        this.out = out;
        this.progress = progress;
    }

    /** Runs the comparison and returns the directory the report went to. */
    Path run(Path outDir, String command) throws Exception {
        Path dir = Files.createDirectories(outDir.resolve(
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now(ZoneOffset.UTC))));
        List<LoadScenario> load = loadScenarios();
        List<Target> targets = targets();
        boolean syscalls = !plan.syscallDuration().isZero() && available(List.of(Program.STRACE),
                "system calls per operation not measured");
        Rounds rounds = new Rounds(plan.rounds());
        ToolRunner tools = new ToolRunner(plan.cpus(), Files.createDirectories(dir.resolve("scratch")));
        PerfCertificates certificates = PerfCertificates.create(dir.resolve("certificates"));
        Map<String, Map<String, InetSocketAddress>> listeners = new LinkedHashMap<>();
        try (ToolBackends backends = ToolBackends.start(path, plan.cpus(), dir.resolve("backends"))) {
            Map<String, InetSocketAddress> behind = backends.addresses();
            for (Target target : targets) {
                out.println("starting " + target.name());
                listeners.put(target.name(), target.start(behind, certificates, dir.resolve("targets")));
            }
            if (plan.scenarios().contains(Scenarios.IDLE) || plan.scenarios().contains(Scenarios.IDLE_TLS)) {
                idle(targets, behind, certificates, dir, listeners, rounds);
            }
            for (Target target : targets) {
                for (LoadScenario scenario : load) {
                    attempt(scenario, target, listeners, 0, tools, rounds);
                }
            }
            if (plan.scenarios().contains(Scenarios.INTEGRITY)) {
                for (Target target : targets) {
                    integrity(target, listeners.get(target.name()), rounds);
                }
            }
            for (int round = 1; round <= plan.rounds(); round++) {
                for (LoadScenario scenario : load) {
                    for (Target target : targets) {
                        attempt(scenario, target, listeners, round, tools, rounds);
                    }
                }
            }
            if (syscalls) {
                for (LoadScenario scenario : load) {
                    for (Target target : targets) {
                        syscalls(scenario, target, listeners.get(target.name()), tools, rounds);
                    }
                }
            }
        } finally {
            targets.forEach(Target::close);
        }
        for (String figure : List.of("p50_us", "p99_us", "p999_us")) {
            rounds.addOverDirect("rr", figure);
            rounds.addOverDirect("rr-open", figure);
        }
        List<String> names = targets.stream().map(Target::name).toList();
        Map<String, String> context = context(command);
        ResultFiles.writeComparison(dir.resolve("results.json"), context, notes, rounds, names);
        Report.write(dir, rounds, names, context, notes, Charts.write(dir, rounds, names));
        if (!corrupted.isEmpty()) {
            throw new CorruptionException(String.join("; ", corrupted) + "; report: " + dir.resolve("report.md"));
        }
        return dir;
    }

    /** The chosen tool scenarios whose programs are installed; each one that is not is named with its install line. */
    private List<LoadScenario> loadScenarios() {
        List<LoadScenario> chosen = new ArrayList<>();
        for (LoadScenario scenario : Scenarios.load(plan.openLoopRate())) {
            if (plan.scenarios().contains(scenario.name())
                    && available(scenario.programs(), "scenario " + scenario.name() + " skipped")) {
                chosen.add(scenario);
            }
        }
        return chosen;
    }

    private boolean available(List<Program> programs, String consequence) {
        List<Program> missing = programs.stream().filter(p -> p.locate(path).isEmpty()).toList();
        if (missing.isEmpty()) {
            return true;
        }
        String note = consequence + ": " + String.join(", ", missing.stream().map(Program::name).toList())
                + (missing.size() == 1 ? " is" : " are") + " not installed (" + Program.installLine(missing) + ")";
        notes.add(note);
        out.println("note: " + note);
        return false;
    }

    private List<Target> targets() {
        if (plan.cpus().pin() && !available(List.of(Program.TASKSET), "cannot pin")) {
            throw new UsageException("--pin needs taskset (" + Program.installLine(List.of(Program.TASKSET)) + ")");
        }
        List<Target> targets = new ArrayList<>();
        for (String name : plan.targets()) {
            Target target = switch (name) {
                case "direct" -> new DirectTarget();
                case "haproxy", "haproxy-splice" -> available(List.of(Program.HAPROXY), name + " skipped")
                        ? new HaproxyTarget(name.endsWith("splice"), plan.cpus()) : null;
                case "nginx" -> available(List.of(Program.NGINX), name + " skipped") ? nginx() : null;
                default -> new WeftTarget(weftHome, WeftTarget.Variant.of(name), plan.cpus());
            };
            if (target != null) {
                targets.add(target);
            }
        }
        return targets;
    }

    private Target nginx() {
        if (!Files.exists(NginxTarget.STREAM_MODULE)) {
            notes.add("nginx skipped: its stream module is not installed (apt-get install -y libnginx-mod-stream)");
            return null;
        }
        return new NginxTarget(plan.cpus());
    }

    /**
     * Memory is measured on a fresh process each round (a warm one reuses what earlier rounds grew), and before
     * everything else, after which every target starts afresh, so that no other scenario runs on a process that
     * is cold again.
     */
    private void idle(List<Target> targets, Map<String, InetSocketAddress> behind, PerfCertificates certificates,
                      Path dir, Map<String, Map<String, InetSocketAddress>> listeners, Rounds rounds) throws Exception {
        for (int round = 1; round <= plan.rounds(); round++) {
            for (Target target : targets) {
                if (target.pids().isEmpty()) {
                    continue;
                }
                for (String scenario : List.of(Scenarios.IDLE, Scenarios.IDLE_TLS)) {
                    if (!plan.scenarios().contains(scenario)) {
                        continue;
                    }
                    boolean tls = scenario.equals(Scenarios.IDLE_TLS);
                    restart(target, behind, certificates, dir, listeners);
                    ScenarioResult result = IdleScenario.run(target.name(), new IdleScenario.Settings(
                            listeners.get(target.name()).get(tls ? Route.TLS_ECHO : Route.ECHO),
                            plan.idleConnections() / 5, plan.idleConnections(), target.pids(), Duration.ZERO, tls),
                            progress);
                    progress.println();
                    record(scenario, target, round, result.figures(), rounds);
                }
            }
        }
        for (Target target : targets) {
            if (!target.pids().isEmpty()) {
                restart(target, behind, certificates, dir, listeners);
            }
        }
    }

    private void restart(Target target, Map<String, InetSocketAddress> behind, PerfCertificates certificates,
                         Path dir, Map<String, Map<String, InetSocketAddress>> listeners) throws Exception {
        target.close();
        listeners.put(target.name(), target.start(behind, certificates, dir.resolve("targets")));
    }

    /** Every byte streamed both ways through an echo, checked: what no standard tool does. */
    private void integrity(Target target, Map<String, InetSocketAddress> via, Rounds rounds) throws Exception {
        try {
            ScenarioResult result = ThroughputScenario.run(target.name(), new ThroughputScenario.Settings(
                    via.get(Route.ECHO), 1, plan.duration(), ThroughputScenario.Direction.BOTH), progress);
            progress.println();
            rounds.addSingle(Scenarios.INTEGRITY, target.name(), result.figures());
            out.printf("integrity via %s: %s bytes intact%n", target.name(),
                    Report.format(result.figures().get("bytes")));
        } catch (CorruptionException e) {
            corrupted.add(target.name() + ": " + e.getMessage());
            notes.add("integrity FAILED through " + target.name() + ": " + e.getMessage());
        }
    }

    /**
     * One run of a scenario against a target, its proxy CPU counted from /proc; round 0 is the unmeasured warm-up.
     * A tool that fails is noted in the report and the comparison goes on: one broken run must not cost the rest.
     */
    private void attempt(LoadScenario scenario, Target target, Map<String, Map<String, InetSocketAddress>> listeners,
                         int round, ToolRunner tools, Rounds rounds) throws Exception {
        InetSocketAddress via = listeners.get(target.name()).get(scenario.route());
        if (via == null) {
            return;
        }
        progress.printf("\r%s via %s, %s ...   ", scenario.name(), target.name(),
                round == 0 ? "warm-up" : "round " + round + "/" + plan.rounds());
        List<Long> pids = target.pids();
        try {
            long before = pids.isEmpty() ? 0 : ProcessCpu.ticks(pids);
            Measurement measured = scenario.run(via, plan.duration(), tools);
            Map<String, Double> figures = new LinkedHashMap<>(measured.figures());
            if (!pids.isEmpty()) {
                double ticks = ProcessCpu.ticks(pids) - before;
                figures.put("cpu_seconds", ticks / ProcessCpu.TICKS_PER_SECOND);
                figures.put(Report.CPU, ticks * MICROS_PER_TICK / measured.operations());
            }
            figures.put("operations", measured.operations());
            if (round > 0) {
                progress.println();
                record(scenario.name(), target, round, figures, rounds);
                rounds.command(scenario.name(), target.name(), measured.command());
            }
        } catch (ToolOutputException | IOException e) {
            String note = scenario.name() + " via " + target.name() + (round == 0 ? " (warm-up)" : " round " + round)
                    + " failed: " + e.getMessage();
            progress.println();
            out.println("note: " + note);
            notes.add(note);
        }
    }

    private void syscalls(LoadScenario scenario, Target target, Map<String, InetSocketAddress> via, ToolRunner tools,
                          Rounds rounds) throws Exception {
        InetSocketAddress address = via.get(scenario.route());
        if (address == null || target.pids().isEmpty()) {
            return;
        }
        progress.printf("\r%s via %s, under strace ...   ", scenario.name(), target.name());
        try {
            Map<String, Double> figures = SyscallPass.measure(target.pids(), scenario, address,
                    plan.syscallDuration(), tools);
            rounds.addSingle(scenario.name(), target.name(), figures);
            progress.println();
            out.printf("syscalls %s via %s: %s per %s%n", scenario.name(), target.name(),
                    Report.format(figures.get(Report.SYSCALLS)), scenario.operation());
        } catch (ToolOutputException | IOException e) {
            notes.add("system calls of " + scenario.name() + " via " + target.name() + " not counted: "
                    + e.getMessage());
        }
    }

    private void record(String scenario, Target target, int round, Map<String, Double> figures, Rounds rounds) {
        rounds.add(scenario, target.name(), round, figures);
        out.printf("round %d/%d  %s%n", round, plan.rounds(), Summary.line(scenario, target.name(), figures));
    }

    private Map<String, String> context(String command) throws IOException {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("date", DateTimeFormatter.ISO_INSTANT.format(ZonedDateTime.now(ZoneOffset.UTC)));
        context.put("commit", Machine.commit(weftHome));
        context.put("command", "`" + command + "`");
        context.put("machine", Machine.describe());
        context.put("threads", plan.cpus().describe() + "; HAProxy tune.pipesize and Weft weft.io.pipe-size "
                + PIPE_SIZE);
        context.put("plan", plan.describe());
        context.put("versions", Machine.versions(path));
        return context;
    }
}
