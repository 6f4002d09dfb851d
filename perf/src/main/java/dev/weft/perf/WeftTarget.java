package dev.weft.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Weft through its own launcher, with the carrier count pinned so that every proxy gets the same cores. */
final class WeftTarget extends ProcessTarget {
    private final Path weftHome;
    private final String transport;
    private final int carriers;

    /** @param transport the transport this row measures; named in the report as {@code weft-<transport>} */
    WeftTarget(Path weftHome, String transport, int carriers) {
        this.weftHome = weftHome;
        this.transport = transport;
        this.carriers = carriers;
    }

    @Override
    public String name() {
        return "weft-" + transport;
    }

    @Override
    List<String> command(BackendSet backends, BackendSet listeners, Path dir) throws IOException {
        StringBuilder config = new StringBuilder("weft {\n  listeners {\n");
        listener(config, "echo", listeners.echo());
        listener(config, "sink", listeners.sink());
        listener(config, "source", listeners.source());
        config.append("  }\n  backends {\n");
        backend(config, "echo", backends.echo());
        backend(config, "sink", backends.sink());
        backend(config, "source", backends.source());
        config.append("  }\n  shutdown.drain-timeout = 0\n}\n");
        Path file = Files.writeString(dir.resolve("weft.conf"), config);
        return List.of(weftHome.resolve("bin/weft").toString(),
                "-Djdk.virtualThreadScheduler.parallelism=" + carriers, "run", "--config", file.toString());
    }

    private static void listener(StringBuilder config, String name, java.net.InetSocketAddress bind) {
        config.append("    ").append(name).append(" { bind = \"").append(hostPort(bind)).append("\", backend = ")
                .append(name).append(", max-connections = 100000, backlog = 4096 }\n");
    }

    private static void backend(StringBuilder config, String name, java.net.InetSocketAddress endpoint) {
        config.append("    ").append(name).append(" { endpoints = [\"").append(hostPort(endpoint))
                .append("\"], health-check.enabled = false }\n");
    }
}
