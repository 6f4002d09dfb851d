package dev.weft.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * HAProxy in {@code mode tcp}, with {@code nbthread} equal to every other proxy's threads, with or without splice
 * (then with the same pipe size as Weft's). {@code maxconn} stays under what a 20,000 fd limit allows once splice
 * pipes are counted, since HAProxy refuses to start otherwise. TLS is terminated by HAProxy (OpenSSL), with its
 * default session cache and tickets.
 */
final class HaproxyTarget extends ProcessTarget {
    private final boolean splice;

    HaproxyTarget(boolean splice, CpuPlan cpus) {
        super(cpus);
        this.splice = splice;
    }

    @Override
    public String name() {
        return splice ? "haproxy-splice" : "haproxy";
    }

    @Override
    List<String> command(List<Listener> listeners, Path dir) throws IOException {
        StringBuilder config = new StringBuilder();
        config.append("global\n  nbthread ").append(threads()).append("\n  maxconn 7000\n  tune.pipesize ")
                .append(Comparison.PIPE_SIZE).append("\n\ndefaults\n  mode tcp\n  timeout connect 5s\n")
                .append("  timeout client 1h\n  timeout server 1h\n");
        if (splice) {
            config.append("  option splice-auto\n");
        }
        for (Listener listener : listeners) {
            config.append("\nlisten ").append(listener.name()).append("\n  bind ").append(Target.hostPort(listener.bind()));
            if (listener.tls() != null) {
                config.append(" ssl crt ").append(listener.tls().combined());
            }
            config.append("\n  server ").append(listener.name()).append(' ').append(Target.hostPort(listener.backend()))
                    .append('\n');
        }
        Path file = Files.writeString(dir.resolve("haproxy.cfg"), config);
        return List.of("haproxy", "-db", "-f", file.toString());
    }
}
