package dev.weft.perf;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * HAProxy in {@code mode tcp}, with {@code nbthread} equal to Weft's carriers, with or without splice. {@code maxconn}
 * stays under what a 20,000 fd limit allows once splice pipes are counted, since HAProxy refuses to start otherwise.
 */
final class HaproxyTarget extends ProcessTarget {
    private final boolean splice;
    private final int threads;
    private final int pipeSize;

    HaproxyTarget(boolean splice, int threads, int pipeSize) {
        this.splice = splice;
        this.threads = threads;
        this.pipeSize = pipeSize;
    }

    @Override
    public String name() {
        return splice ? "haproxy-splice" : "haproxy";
    }

    @Override
    List<String> command(BackendSet backends, BackendSet listeners, PerfCertificates certificates, Path dir)
            throws IOException {
        StringBuilder config = new StringBuilder();
        config.append("global\n  nbthread ").append(threads).append("\n  maxconn 7000\n  tune.pipesize ")
                .append(pipeSize).append("\n\ndefaults\n  mode tcp\n  timeout connect 5s\n  timeout client 1h\n")
                .append("  timeout server 1h\n");
        if (splice) {
            config.append("  option splice-auto\n");
        }
        proxy(config, "echo", listeners.echo(), backends.echo());
        proxy(config, "sink", listeners.sink(), backends.sink());
        proxy(config, "source", listeners.source(), backends.source());
        tlsProxy(config, "tls-echo-ec", listeners.tls().echoEc(), certificates.ec(), backends.echo());
        tlsProxy(config, "tls-echo-rsa", listeners.tls().echoRsa(), certificates.rsa(), backends.echo());
        tlsProxy(config, "tls-sink", listeners.tls().sink(), certificates.ec(), backends.sink());
        Path file = Files.writeString(dir.resolve("haproxy.cfg"), config);
        return List.of("haproxy", "-db", "-f", file.toString());
    }

    /** TLS terminated by HAProxy (OpenSSL), with its default session cache and tickets. */
    private static void tlsProxy(StringBuilder config, String name, InetSocketAddress bind, PerfCertificates.Pem pem,
                                 InetSocketAddress server) {
        config.append("\nlisten ").append(name).append("\n  bind ").append(hostPort(bind)).append(" ssl crt ")
                .append(pem.combined()).append("\n  server ").append(name).append(' ').append(hostPort(server))
                .append('\n');
    }

    private static void proxy(StringBuilder config, String name, InetSocketAddress bind, InetSocketAddress server) {
        config.append("\nlisten ").append(name).append("\n  bind ").append(hostPort(bind)).append("\n  server ")
                .append(name).append(' ').append(hostPort(server)).append('\n');
    }
}
