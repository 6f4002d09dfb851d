package dev.weft.perf;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Weft through its own launcher, with the carrier count pinned so that every proxy gets the same cores. */
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
    }

    private final Path weftHome;
    private final Variant variant;
    private final int carriers;

    WeftTarget(Path weftHome, Variant variant, int carriers) {
        this.weftHome = weftHome;
        this.variant = variant;
        this.carriers = carriers;
    }

    @Override
    public String name() {
        return variant.row;
    }

    @Override
    List<String> command(BackendSet backends, BackendSet listeners, PerfCertificates certificates, Path dir)
            throws IOException {
        StringBuilder config = new StringBuilder("weft {\n  listeners {\n");
        listener(config, "echo", listeners.echo(), "echo", null);
        listener(config, "sink", listeners.sink(), "sink", null);
        listener(config, "source", listeners.source(), "source", null);
        listener(config, "tls-echo-ec", listeners.tls().echoEc(), "echo", certificates.ec());
        listener(config, "tls-echo-rsa", listeners.tls().echoRsa(), "echo", certificates.rsa());
        listener(config, "tls-sink", listeners.tls().sink(), "sink", certificates.ec());
        config.append("  }\n  backends {\n");
        backend(config, "echo", backends.echo());
        backend(config, "sink", backends.sink());
        backend(config, "source", backends.source());
        config.append("  }\n  shutdown.drain-timeout = 0\n}\n");
        Path file = Files.writeString(dir.resolve("weft.conf"), config);
        List<String> command = new ArrayList<>(List.of(weftHome.resolve("bin/weft").toString(),
                "-Djdk.virtualThreadScheduler.parallelism=" + carriers, "-Dweft.io.pollers=" + carriers,
                "-Dweft.io.transport=" + variant.transport,
                "-Dweft.io.splice=" + variant.splice, "-Dweft.io.pipe-size=" + Comparison.PIPE_SIZE,
                "-Dweft.admin.bind=127.0.0.1:0"));
        command.addAll(variant.extra);
        command.addAll(List.of("run", "--config", file.toString()));
        return command;
    }

    private static void listener(StringBuilder config, String name, InetSocketAddress bind, String backend,
                                 PerfCertificates.Pem tls) {
        config.append("    ").append(name).append(" { bind = \"").append(hostPort(bind)).append("\", backend = ")
                .append(backend).append(", max-connections = 100000, backlog = 4096");
        if (tls != null) {
            config.append(", protocol = tls, tls.certificates = [{ cert = \"").append(tls.cert())
                    .append("\", key = \"").append(tls.key()).append("\" }]");
        }
        config.append(" }\n");
    }

    private static void backend(StringBuilder config, String name, InetSocketAddress endpoint) {
        config.append("    ").append(name).append(" { endpoints = [\"").append(hostPort(endpoint))
                .append("\"], health-check.enabled = false }\n");
    }
}
