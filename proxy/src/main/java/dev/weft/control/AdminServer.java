package dev.weft.control;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weft.config.AdminConfig;
import dev.weft.log.LogText;
import dev.weft.log.RateLimitedLog;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The admin port, on the JDK's built-in HTTP server with a virtual thread per request:
 * <ul>
 * <li>{@code GET /metrics}: Prometheus text;</li>
 * <li>{@code GET /healthz}: 200 while serving, 503 while draining, for a balancer in front;</li>
 * <li>{@code GET /config}: the configuration in use, secrets redacted;</li>
 * <li>{@code POST /drain}: stop accepting and fail {@code /healthz}, connections run on;</li>
 * <li>{@code POST /reload}: read the configuration again, as SIGHUP does;</li>
 * <li>{@code GET /endpoints} and {@code GET /sessions}: the runtime API's tables, as JSON;</li>
 * <li>{@code POST /runtime}: one runtime command in the body ({@code set endpoint app/10.0.0.5:5432 state
 * drain}), answered in JSON, 200 when it worked, 422 when it did not.</li>
 * </ul>
 * Every request passes the {@link AdminGuard} first. The JDK server bounds what the port can take from the process
 * through two of its documented properties, set here unless given on the command line: at most
 * {@code admin.max-connections} connections ({@code jdk.httpserver.maxConnections}; more are closed at once, so
 * the proxy's listeners keep their fds) and {@code admin.request-timeout} to send a request and to read the answer
 * ({@code sun.net.httpserver.maxReqTime} and {@code maxRspTime}; a half-sent request is closed then).
 */
public final class AdminServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("weft.admin");
    private static final RateLimitedLog REFUSED = new RateLimitedLog(LOG, System.Logger.Level.WARNING);
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String JSON = "application/json";
    /** A runtime command is one short line; a longer body is cut here rather than read whole. */
    private static final int MAX_COMMAND = 1024;

    /** What the admin port reads and does; the running server provides each. */
    public record Hooks(Supplier<String> metrics, BooleanSupplier draining, Supplier<String> config,
                        Runnable drain, Function<String, Reply> runtime) {
    }

    private final HttpServer server;

    private AdminServer(HttpServer server) {
        this.server = server;
    }

    public static AdminServer start(AdminConfig settings, AdminToken token, Hooks hooks) throws IOException {
        limit(settings);
        HttpServer server = HttpServer.create(settings.bind().address(), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        AdminGuard guard = new AdminGuard(server.getAddress(), settings.allowedHosts(), settings.openPaths(),
                token);
        server.createContext("/metrics", exchange -> respond(exchange, guard, "GET", 200,
                "text/plain; version=0.0.4; charset=utf-8", hooks.metrics()));
        server.createContext("/healthz", exchange -> {
            boolean draining = hooks.draining().getAsBoolean();
            respond(exchange, guard, "GET", draining ? 503 : 200, TEXT, () -> draining ? "draining\n" : "ok\n");
        });
        server.createContext("/config", exchange -> respond(exchange, guard, "GET", 200, JSON,
                hooks.config()));
        server.createContext("/drain", exchange -> respond(exchange, guard, "POST", 200, TEXT, () -> {
            hooks.drain().run();
            return "draining: no new connections; open ones run on\n";
        }));
        server.createContext("/reload", exchange -> {
            Reply[] answer = new Reply[1];
            respond(exchange, guard, "POST", () -> answer[0].ok() ? 200 : 422, TEXT, () -> {
                answer[0] = hooks.runtime().apply("reload");
                return answer[0].text() + "\n";
            });
        });
        server.createContext("/endpoints", exchange -> respond(exchange, guard, "GET", 200, JSON,
                () -> hooks.runtime().apply("show endpoints").json()));
        server.createContext("/sessions", exchange -> respond(exchange, guard, "GET", 200, JSON,
                () -> hooks.runtime().apply("show sessions").json()));
        server.createContext("/runtime", exchange -> {
            Reply[] answer = new Reply[1];
            respond(exchange, guard, "POST", () -> answer[0].ok() ? 200 : 422, JSON, () -> {
                String command = command(exchange);
                // The admin port closes as the new process takes over, before this answer could be sent.
                answer[0] = command.equals("upgrade") ? Reply.error("upgrade is served on the control socket "
                        + "only (bin/weft upgrade): the admin port closes while the new process takes over")
                        : hooks.runtime().apply(command);
                return answer[0].json();
            });
        });
        server.start();
        LOG.log(System.Logger.Level.INFO, "admin port http://" + settings.bind().address().getHostString() + ":"
                + server.getAddress().getPort() + " (/metrics /healthz /config /drain /reload /endpoints /sessions /runtime); token in "
                + token.path());
        return new AdminServer(server);
    }

    /** The request body, one command, at most {@link #MAX_COMMAND} bytes of it. */
    private static String command(HttpExchange exchange) {
        try {
            byte[] body = exchange.getRequestBody().readNBytes(MAX_COMMAND);
            return new String(body, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** The JDK server reads these once, when the first server starts: a later reload does not change them. */
    private static void limit(AdminConfig settings) {
        String seconds = Long.toString(Math.max(1, settings.requestTimeout().toSeconds()));
        setUnlessGiven("jdk.httpserver.maxConnections", Integer.toString(settings.maxConnections()));
        setUnlessGiven("sun.net.httpserver.maxReqTime", seconds);
        setUnlessGiven("sun.net.httpserver.maxRspTime", seconds);
    }

    private static void setUnlessGiven(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private static void respond(HttpExchange exchange, AdminGuard guard, String method, int status, String type,
                                Supplier<String> body) throws IOException {
        respond(exchange, guard, method, () -> status, type, body);
    }

    /** @param status read after the body is made, which may decide it */
    private static void respond(HttpExchange exchange, AdminGuard guard, String method, IntSupplier status,
                                String type, Supplier<String> body) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!path.equals(exchange.getHttpContext().getPath())) {
                send(exchange, 404, TEXT, "not found\n");
                return;
            }
            AdminGuard.Refusal refusal = guard.judge(exchange.getRequestMethod(), path,
                    exchange.getRequestHeaders());
            if (refusal != null) {
                REFUSED.log(() -> "admin port: refused " + LogText.quoted(exchange.getRequestMethod()) + " " + path
                        + " from " + exchange.getRemoteAddress().getAddress().getHostAddress() + ": "
                        + LogText.quoted(refusal.reason()));
                if (refusal.status() == 401) {
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"weft\"");
                }
                send(exchange, refusal.status(), TEXT, refusal.reason() + "\n");
            } else if (!method.equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", method);
                send(exchange, 405, TEXT, method + " only\n");
            } else {
                String text = body.get();
                send(exchange, status.getAsInt(), type, text);
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
