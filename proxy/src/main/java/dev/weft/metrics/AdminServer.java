package dev.weft.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The admin port, on the JDK's built-in HTTP server with a virtual thread per request:
 * <ul>
 * <li>{@code GET /metrics}: Prometheus text;</li>
 * <li>{@code GET /healthz}: 200 while serving, 503 while draining, for a balancer in front;</li>
 * <li>{@code GET /config}: the configuration in use, passwords redacted;</li>
 * <li>{@code POST /drain}: stop accepting and fail {@code /healthz}, connections run on;</li>
 * <li>{@code POST /reload}: read the configuration again, as SIGHUP does.</li>
 * </ul>
 */
public final class AdminServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("weft.admin");

    /** What the admin port reads and does; the running server provides each. */
    public record Hooks(Supplier<String> metrics, BooleanSupplier draining, Supplier<String> config,
                        Runnable drain, Supplier<String> reload) {
    }

    private final HttpServer server;

    private AdminServer(HttpServer server) {
        this.server = server;
    }

    public static AdminServer start(InetSocketAddress bind, Hooks hooks) throws IOException {
        HttpServer server = HttpServer.create(bind, 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/metrics", exchange -> respond(exchange, "GET", 200,
                "text/plain; version=0.0.4; charset=utf-8", hooks.metrics()));
        server.createContext("/healthz", exchange -> {
            boolean draining = hooks.draining().getAsBoolean();
            respond(exchange, "GET", draining ? 503 : 200, "text/plain; charset=utf-8",
                    () -> draining ? "draining\n" : "ok\n");
        });
        server.createContext("/config", exchange -> respond(exchange, "GET", 200, "application/json",
                hooks.config()));
        server.createContext("/drain", exchange -> respond(exchange, "POST", 200, "text/plain; charset=utf-8",
                () -> {
                    hooks.drain().run();
                    return "draining: no new connections; open ones run on\n";
                }));
        server.createContext("/reload", exchange -> {
            String answer = "POST".equals(exchange.getRequestMethod()) ? hooks.reload().get() : null;
            respond(exchange, "POST", answer != null && answer.startsWith("OK") ? 200 : 422,
                    "text/plain; charset=utf-8", () -> answer + "\n");
        });
        server.start();
        LOG.log(System.Logger.Level.INFO, "admin port http://" + bind.getHostString() + ":"
                + server.getAddress().getPort() + " (/metrics /healthz /config /drain /reload)");
        return new AdminServer(server);
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private static void respond(HttpExchange exchange, String method, int status, String type, Supplier<String> body)
            throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
                send(exchange, 404, "text/plain; charset=utf-8", "not found\n");
            } else if (!method.equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", method);
                send(exchange, 405, "text/plain; charset=utf-8", method + " only\n");
            } else {
                send(exchange, status, type, body.get());
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
