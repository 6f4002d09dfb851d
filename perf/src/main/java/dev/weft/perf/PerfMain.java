package dev.weft.perf;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code weft perf}: the load generator's command line. Exit status 0 when a run completed and every byte checked
 * out, 1 when it failed (including corrupted data), 2 for bad arguments.
 */
public final class PerfMain {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    private static final Set<String> OUTPUT = Set.of("json", "hgrm");

    private final PrintStream out;
    private final PrintStream err;

    PerfMain(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(new PerfMain(System.out, System.err).execute(List.of(args)));
    }

    int execute(List<String> args) {
        if (args.isEmpty()) {
            err.print(USAGE_TEXT);
            return USAGE;
        }
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (args.getFirst()) {
                case "throughput" -> report(throughput(rest), rest);
                case "rr" -> report(requestResponse(rest), rest);
                case "crr" -> report(connectRequestResponse(rest), rest);
                case "idle" -> report(idle(rest), rest);
                case "tls-handshake" -> report(tlsHandshake(rest), rest);
                case "tls-throughput" -> report(tlsThroughput(rest), rest);
                case "flood" -> report(flood(rest), rest);
                case "slowloris" -> report(slowloris(rest), rest);
                case "serve" -> serve(rest);
                case "compare" -> compare(rest, args);
                case "report" -> rerender(rest);
                case "help", "--help", "-h" -> {
                    out.print(USAGE_TEXT);
                    yield OK;
                }
                default -> throw new UsageException("unknown scenario '" + args.getFirst() + "'");
            };
        } catch (UsageException e) {
            err.println("weft perf: " + e.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        } catch (CorruptionException e) {
            err.println("\nweft perf: FAILED: data corrupted: " + e.getMessage());
            return FAILED;
        } catch (Exception e) {
            err.println("\nweft perf: FAILED: " + e);
            return FAILED;
        }
    }

    private static Options options(List<String> args, Set<String> valued, Set<String> flags) {
        Set<String> all = new java.util.HashSet<>(valued);
        all.addAll(OUTPUT);
        Options options = Options.parse(args, all, flags);
        if (!options.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + options.positional().getFirst() + "'");
        }
        return options;
    }

    private ScenarioResult throughput(List<String> args) throws Exception {
        Options options = options(args, Set.of("target", "connections", "duration", "direction"), Set.of());
        ThroughputScenario.Direction direction = switch (options.string("direction", "up")) {
            case "up" -> ThroughputScenario.Direction.UP;
            case "down" -> ThroughputScenario.Direction.DOWN;
            case "both" -> ThroughputScenario.Direction.BOTH;
            default -> throw new UsageException("--direction must be up, down or both");
        };
        InetSocketAddress target = options.address("target");
        return ThroughputScenario.run(Target.hostPort(target), new ThroughputScenario.Settings(target,
                options.integer("connections", 1, 1, 100_000), options.duration("duration", Duration.ofSeconds(10)),
                direction), err);
    }

    private ScenarioResult requestResponse(List<String> args) throws Exception {
        Options options = options(args, Set.of("target", "connections", "size", "duration", "rate", "warm-up"),
                Set.of());
        InetSocketAddress target = options.address("target");
        int connections = options.integer("connections", 1, 1, 100_000);
        int size = options.size("size", 64, 1, 16 << 20);
        int rate = options.integer("rate", 0, 0, 100_000_000);
        return RequestResponseScenario.run(Target.hostPort(target), new RequestResponseScenario.Settings(target,
                connections, size, options.duration("duration", Duration.ofSeconds(10)), rate,
                options.duration("warm-up", Duration.ZERO)), err);
    }

    private ScenarioResult connectRequestResponse(List<String> args) throws Exception {
        Options options = options(args, Set.of("target", "connections", "size", "duration"), Set.of());
        InetSocketAddress target = options.address("target");
        return ConnectRequestResponseScenario.run(Target.hostPort(target), new ConnectRequestResponseScenario.Settings(target,
                options.integer("connections", 4, 1, 100_000), options.size("size", 64, 1, 16 << 20),
                options.duration("duration", Duration.ofSeconds(10))), err);
    }

    private ScenarioResult tlsHandshake(List<String> args) throws Exception {
        Options options = options(args, Set.of("target", "connections", "duration", "warm-up"),
                Set.of("resume", "proxy"));
        InetSocketAddress target = options.address("target");
        boolean resume = options.flag("resume");
        return TlsHandshakeScenario.run(resume ? "tls-resume" : "tls-handshake", Target.hostPort(target),
                new TlsHandshakeScenario.Settings(target, options.integer("connections", TlsHandshakeScenario.CLIENTS,
                        1, 100_000), options.duration("duration", Duration.ofSeconds(10)), resume,
                        options.flag("proxy"), options.duration("warm-up", Duration.ZERO)), err);
    }

    private ScenarioResult tlsThroughput(List<String> args) throws Exception {
        Options options = options(args, Set.of("target", "connections", "duration"), Set.of());
        InetSocketAddress target = options.address("target");
        return TlsThroughputScenario.run(Target.hostPort(target), new TlsThroughputScenario.Settings(target,
                options.integer("connections", 1, 1, 100_000), options.duration("duration", Duration.ofSeconds(10))),
                err);
    }

    private ScenarioResult flood(List<String> args) throws Exception {
        Options options = options(args, Set.of("target", "sources", "per-source", "rate"), Set.of("tls"));
        return SourceFlood.run(new SourceFlood.Settings(options.address("target"),
                options.integer("sources", 100_000, 1, 16_000_000), options.integer("per-source", 2, 1, 100_000_000),
                options.integer("rate", 5000, 1, 1_000_000), options.flag("tls")), err);
    }

    private ScenarioResult slowloris(List<String> args) throws Exception {
        Options options = options(args, Set.of("target", "clients", "interval", "duration"), Set.of("proxy"));
        return Slowloris.run(new Slowloris.Settings(options.address("target"), options.integer("clients", 2000, 1,
                100_000), options.duration("interval", Duration.ofSeconds(3)), options.duration("duration",
                Duration.ofSeconds(30)), options.flag("proxy")), err);
    }

    private ScenarioResult idle(List<String> args) throws Exception {
        Options options = options(args, Set.of("target", "connections", "warm-up", "pid", "hold"), Set.of("tls"));
        List<Long> pids = new ArrayList<>();
        for (String pid : options.string("pid", "").split(",")) {
            if (!pid.isBlank()) {
                try {
                    pids.add(Long.parseLong(pid.strip()));
                } catch (NumberFormatException e) {
                    throw new UsageException("--pid must be a process id or a comma-separated list, not '" + pid
                            + "'");
                }
            }
        }
        InetSocketAddress target = options.address("target");
        return IdleScenario.run(Target.hostPort(target), new IdleScenario.Settings(target,
                options.integer("warm-up", 0, 0, 1_000_000), options.integer("connections", 1000, 1, 1_000_000), pids,
                options.duration("hold", Duration.ZERO), options.flag("tls")), err);
    }

    private int report(ScenarioResult result, List<String> args) throws Exception {
        Options options = Options.parse(args, Set.of("target", "connections", "duration", "direction", "size",
                "rate", "warm-up", "pid", "hold", "json", "hgrm", "sources", "per-source", "clients", "interval"),
                Set.of("tls", "resume", "proxy"));
        out.println();
        out.println(Summary.line(result));
        String json = options.string("json", null);
        if (json != null) {
            ResultFiles.writeJson(Path.of(json), java.util.Map.of("command", "weft perf " + result.scenario()),
                    List.of(result));
        }
        String hgrm = options.string("hgrm", null);
        if (hgrm != null) {
            ResultFiles.writeHistograms(Path.of(hgrm), List.of(result));
        }
        return OK;
    }

    private int serve(List<String> args) throws Exception {
        Options options = Options.parse(args, Set.of("bind"), Set.of());
        if (options.positional().size() != 1) {
            throw new UsageException("serve needs one backend: echo, sink or source");
        }
        PerfBackend.Kind kind = PerfBackend.kind(options.positional().getFirst());
        try (PerfBackend backend = PerfBackend.start(kind, options.address("bind"))) {
            out.println("serving " + kind.name().toLowerCase(java.util.Locale.ROOT) + " on " + backend.address()
                    + "; stop with Ctrl-C");
            new CountDownLatch(1).await();
        }
        return OK;
    }

    private int compare(List<String> args, List<String> whole) throws Exception {
        Options options = options(args, Set.of("out", "scenarios", "targets", "rounds", "duration",
                "idle-connections", "rate", "threads", "syscall-duration"), Set.of("quick", "pin", "no-syscalls"));
        ComparisonPlan plan = ComparisonPlan.of(options);
        Path home = Path.of(System.getProperty("weft.home", "."));
        // Absolute: the peers are started with their own working directories (nginx -p), where a relative path is not ours.
        Path outDir = Path.of(options.string("out", home.resolve("perf/results").toString())).toAbsolutePath();
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
        Path dir = new Comparison(plan, home, path, out, err).run(outDir, "bin/weft perf " + String.join(" ", whole));
        out.println("\nreport: " + dir.resolve("report.md"));
        return OK;
    }

    /** {@code report DIR}: the report and charts of a comparison, drawn again from its results.json. */
    private int rerender(List<String> args) throws Exception {
        Options options = Options.parse(args, Set.of(), Set.of());
        if (options.positional().size() != 1) {
            throw new UsageException("report needs the directory of one comparison");
        }
        Path dir = Path.of(options.positional().getFirst());
        ComparisonFile run = ComparisonFile.read(dir.resolve("results.json"));
        Report.write(dir, run.rounds(), run.targets(), run.context(), run.notes(),
                Charts.write(dir, run.rounds(), run.targets()));
        out.println("report: " + dir.resolve("report.md"));
        return OK;
    }

    static final String USAGE_TEXT = """
            Usage: weft perf SCENARIO [options]

            Scenarios (each checks every byte it gets back; --json FILE and --hgrm DIR save the results):
              throughput --target H:P [--connections 1] [--duration 10s] [--direction up|down|both]
                         up streams to a sink, down reads from a source, both streams through an echo
              rr         --target H:P [--connections 1] [--size 64] [--duration 10s] [--rate R] [--warm-up 0s]
                         request/response to an echo; --rate makes it open loop at R requests/s in total;
                         --warm-up runs the same connections that long first, unmeasured (this JVM's JIT warm)
              crr        --target H:P [--connections 4] [--size 64] [--duration 10s]
                         connect, one request/response, close
              idle       --target H:P [--connections 1000] [--warm-up 0] [--pid P[,P...]] [--hold 0s] [--tls]
                         holds idle connections to an echo and reports the RSS growth of the --pid processes
                         (--tls: TLS 1.3 connections to a listener that terminates TLS)
                         over --connections, after --warm-up connections that are not counted
              tls-handshake  --target H:P [--connections 8] [--duration 10s] [--resume] [--proxy] [--warm-up 0s]
                         TLS 1.3 handshakes with an echo behind a TLS-terminating proxy: connect, handshake,
                         one 64-byte exchange, close; --resume offers the previous session each time;
                         --proxy sends a PROXY v1 header first; --warm-up as rr's
              tls-throughput --target H:P [--connections 1] [--duration 10s]
                         streams over TLS 1.3 to a sink behind a TLS-terminating proxy
              flood      --target H:P [--sources 100000] [--per-source 2] [--rate 5000] [--tls]
                         an attack: connections from that many distinct loopback sources (127.1.0.0 up),
                         per-source in a row each, rate attempts/s in all; counts served, refused, failed;
                         --tls makes each a TLS 1.3 handshake (a handshake flood)
              slowloris  --target H:P [--clients 2000] [--interval 3s] [--duration 30s] [--proxy]
                         an attack: clients that send a ClientHello (--proxy: a PROXY header) a byte per
                         interval and reconnect when closed; reports how long the proxy let each live
              serve      echo|sink|source --bind H:P
                         the backends the scenarios expect
              compare    [--quick] [--out DIR] [--scenarios LIST] [--targets LIST] [--rounds 5]
                         [--duration 3s] [--threads N] [--pin] [--idle-connections 5000] [--rate 10000]
                         [--syscall-duration 2s | --no-syscalls]
                         direct, Weft, HAProxy and nginx side by side, loaded by iperf3, sockperf, wrk,
                         redis-benchmark and openssl s_time, with proxy CPU and system calls per operation;
                         --threads gives every proxy N threads (default: half the CPUs), --pin puts the
                         proxies on CPUs 0..N-1 and the tools on the rest; report in perf/results/<time>/
              report     DIR
                         draws a comparison's report.md and charts again from its results.json
            """;
}
