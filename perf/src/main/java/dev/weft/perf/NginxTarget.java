package dev.weft.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * nginx's {@code stream} proxy, with as many worker processes as every other proxy has threads. Plain listeners
 * have {@code proxy_half_close} on, since without it nginx drops a connection at the first FIN and the integrity
 * check cannot get its verdict. TLS is terminated by the stream ssl module (OpenSSL), with a shared session cache
 * and tickets, and without {@code proxy_half_close}: with it, nginx 1.22 ends a TLS connection without the
 * close_notify alert when the backend closes, the client's OpenSSL then drops the session as broken, and
 * {@code s_time -reuse} never resumes (measured here: 0% resumed with it on, 100% with it off).
 */
final class NginxTarget extends ProcessTarget {
    static final Path STREAM_MODULE = Path.of("/usr/lib/nginx/modules/ngx_stream_module.so");

    NginxTarget(CpuPlan cpus) {
        super(cpus);
    }

    @Override
    public String name() {
        return "nginx";
    }

    @Override
    List<String> command(List<Listener> listeners, Path dir) throws IOException {
        StringBuilder config = new StringBuilder();
        if (Files.exists(STREAM_MODULE)) {
            config.append("load_module ").append(STREAM_MODULE).append(";\n");
        }
        config.append("worker_processes ").append(threads()).append(";\nworker_rlimit_nofile 19000;\n")
                .append("daemon off;\npid ").append(dir.resolve("nginx.pid")).append(";\nerror_log ")
                .append(dir.resolve("error.log")).append(" warn;\n")
                .append("events { worker_connections 18000; }\nstream {\n")
                .append("  ssl_protocols TLSv1.2 TLSv1.3;\n  ssl_session_cache shared:weft_perf:10m;\n");
        for (Listener listener : listeners) {
            config.append("  server { listen ").append(Target.hostPort(listener.bind()));
            if (listener.tls() != null) {
                config.append(" ssl; ssl_certificate ").append(listener.tls().cert()).append("; ssl_certificate_key ")
                        .append(listener.tls().key());
            }
            config.append("; proxy_pass ").append(Target.hostPort(listener.backend())).append("; proxy_timeout 1h;")
                    .append(listener.tls() == null ? " proxy_half_close on;" : "").append(" }\n");
        }
        config.append("}\n");
        Path file = Files.writeString(dir.resolve("nginx.conf"), config);
        return List.of("nginx", "-p", dir.toString(), "-c", file.toString());
    }
}
