package dev.weft.bench;

import dev.weft.balance.Backend;
import dev.weft.balance.Endpoint;
import dev.weft.config.BackendConfig;
import dev.weft.config.BackendProtocol;
import dev.weft.config.Balancing;
import dev.weft.config.ConnectionLifetime;
import dev.weft.config.EndpointPolicy;
import dev.weft.config.GroupConfig;
import dev.weft.config.HealthCheckConfig;
import dev.weft.config.HostPort;
import dev.weft.config.ProxyProtocolVersion;
import dev.weft.config.SessionAffinity;
import dev.weft.config.TcpOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** One reservation (a pick, and the counters it takes) of each balancing algorithm over 3 and 300 endpoints. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BalancerBenchmark {
    @Param({"ROUND_ROBIN", "LEAST_CONNECTIONS", "POWER_OF_TWO_CHOICES", "RANDOM"})
    public String balancing;

    @Param({"3", "300"})
    public int endpoints;

    private Backend backend;
    private final List<Endpoint> noneTried = List.of();

    @Setup
    public void setUp() {
        List<GroupConfig.Member> members = new ArrayList<>();
        for (int i = 0; i < endpoints; i++) {
            members.add(new GroupConfig.Member(HostPort.parse("127.0.0.1:" + (10_000 + i), false), 1));
        }
        backend = new Backend(new BackendConfig("bench", List.of(new GroupConfig(GroupConfig.DEFAULT, members, 0, 0,
                0, 1.0, 1, null, Duration.ZERO)),
                Balancing.valueOf(balancing.toUpperCase(Locale.ROOT)), Duration.ofSeconds(3), 2,
                Duration.ofHours(1), HealthCheckConfig.tcp(true, Duration.ofSeconds(5), Duration.ofSeconds(2), 2, 2),
                BackendProtocol.TCP, null, ProxyProtocolVersion.NONE, SessionAffinity.NONE, Duration.ofSeconds(30),
                TcpOptions.NONE, ConnectionLifetime.UNBOUNDED, EndpointPolicy.DEFAULT));
    }

    @Benchmark
    public Endpoint reserve() {
        Endpoint endpoint = backend.reserve(noneTried, null);
        endpoint.release(0, 0);
        return endpoint;
    }
}
