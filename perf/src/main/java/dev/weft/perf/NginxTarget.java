package dev.weft.perf;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * nginx's {@code stream} proxy, with as many worker processes as Weft has carriers, and {@code proxy_half_close} on,
 * since without it nginx drops a connection at the first FIN and the upload scenario cannot get its verdict.
 */
final class NginxTarget extends ProcessTarget {
    static final Path STREAM_MODULE = Path.of("/usr/lib/nginx/modules/ngx_stream_module.so");
    private final int workers;

    NginxTarget(int workers) {
        this.workers = workers;
    }

    @Override
    public String name() {
        return "nginx";
    }

    @Override
    List<String> command(BackendSet backends, BackendSet listeners, PerfCertificates certificates, Path dir)
            throws IOException {
        StringBuilder config = new StringBuilder();
        if (Files.exists(STREAM_MODULE)) {
            config.append("load_module ").append(STREAM_MODULE).append(";\n");
        }
        config.append("worker_processes ").append(workers).append(";\nworker_rlimit_nofile 19000;\n")
                .append("daemon off;\npid ").append(dir.resolve("nginx.pid")).append(";\nerror_log ")
                .append(dir.resolve("error.log")).append(" warn;\n")
                .append("events { worker_connections 18000; }\nstream {\n");
        server(config, listeners.echo(), backends.echo());
        server(config, listeners.sink(), backends.sink());
        server(config, listeners.source(), backends.source());
        config.append("  ssl_protocols TLSv1.2 TLSv1.3;\n  ssl_session_cache shared:weft_perf:10m;\n");
        tlsServer(config, listeners.tls().echoEc(), certificates.ec(), backends.echo());
        tlsServer(config, listeners.tls().echoRsa(), certificates.rsa(), backends.echo());
        tlsServer(config, listeners.tls().sink(), certificates.ec(), backends.sink());
        config.append("}\n");
        Path file = Files.writeString(dir.resolve("nginx.conf"), config);
        return List.of("nginx", "-p", dir.toString(), "-c", file.toString());
    }

    /** TLS terminated by nginx's stream ssl module (OpenSSL), with a shared session cache and tickets. */
    private static void tlsServer(StringBuilder config, InetSocketAddress bind, PerfCertificates.Pem pem,
                                  InetSocketAddress upstream) {
        config.append("  server { listen ").append(hostPort(bind)).append(" ssl; ssl_certificate ").append(pem.cert())
                .append("; ssl_certificate_key ").append(pem.key()).append("; proxy_pass ").append(hostPort(upstream))
                .append("; proxy_timeout 1h; proxy_half_close on; }\n");
    }

    private static void server(StringBuilder config, InetSocketAddress bind, InetSocketAddress upstream) {
        config.append("  server { listen ").append(hostPort(bind)).append("; proxy_pass ").append(hostPort(upstream))
                .append("; proxy_timeout 1h; proxy_half_close on; }\n");
    }
}
