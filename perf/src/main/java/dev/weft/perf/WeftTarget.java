package dev.weft.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Weft through its own launcher, with as many event loops and carriers as every other proxy has threads. */
final class WeftTarget extends ProcessTarget {
    /** The Weft rows of a comparison: a transport and, for the native one, whether it splices. */
    enum Variant {
        JDK("weft-jdk", "jdk", "off"),
        NATIVE_SPLICE("weft-native-splice", "native", "on"),
        NATIVE_COPY("weft-native-copy", "native", "off"),
        /** No counters file: the baseline for what observability costs. */
        BARE("weft-bare", "native", "on", "-Dweft.metrics.enabled=false"),
        /** Counters file and an access log record for every connection. */
        LOGGED("weft-logged", "native", "on", "-Dweft.access-log.enabled=true",
                "-Dweft.access-log.path=/dev/null", "-Dweft.access-log.format=json");

        final String row;
        final String transport;
        final String splice;
        final List<String> extra;

        Variant(String row, String transport, String splice, String... extra) {
            this.row = row;
            this.transport = transport;
            this.splice = splice;
            this.extra = List.of(extra);
        }

        static Variant of(String row) {
            for (Variant variant : values()) {
                if (variant.row.equals(row)) {
                    return variant;
                }
            }
            throw new UsageException("unknown Weft target '" + row + "'");
        }
    }

    private final Path weftHome;
    private final Variant variant;

    WeftTarget(Path weftHome, Variant variant, CpuPlan cpus) {
        super(cpus);
        this.weftHome = weftHome;
        this.variant = variant;
    }

    @Override
    public String name() {
        return variant.row;
    }

    /** One listener and one backend per route, with health checks off so that no probe reaches a tool's server. */
    @Override
    List<String> command(List<Listener> listeners, Path dir) throws IOException {
        StringBuilder config = new StringBuilder("weft {\n  listeners {\n");
        for (Listener listener : listeners) {
            config.append("    \"").append(listener.name()).append("\" { bind = \"").append(Target.hostPort(listener.bind()))
                    .append("\", backend = \"").append(listener.name())
                    .append("\", max-connections = 100000, backlog = 4096");
            if (listener.tls() != null) {
                config.append(", protocol = tls, tls.certificates = [{ cert = \"").append(listener.tls().cert())
                        .append("\", key = \"").append(listener.tls().key()).append("\" }]");
            }
            config.append(" }\n");
        }
        config.append("  }\n  backends {\n");
        for (Listener listener : listeners) {
            config.append("    \"").append(listener.name()).append("\" { endpoints = [\"")
                    .append(Target.hostPort(listener.backend())).append("\"], health-check.enabled = false }\n");
        }
        config.append("  }\n  shutdown.drain-timeout = 0\n}\n");
        Path file = Files.writeString(dir.resolve("weft.conf"), config);
        List<String> command = new ArrayList<>(List.of(weftHome.resolve("bin/weft").toString(),
                "-Djdk.virtualThreadScheduler.parallelism=" + threads(), "-Dweft.io.pollers=" + threads(),
                "-Dweft.io.transport=" + variant.transport,
                "-Dweft.io.splice=" + variant.splice, "-Dweft.io.pipe-size=" + Comparison.PIPE_SIZE,
                "-Dweft.admin.bind=127.0.0.1:0"));
        command.addAll(variant.extra);
        command.addAll(List.of("run", "--config", file.toString()));
        return command;
    }
}
