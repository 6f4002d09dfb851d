package dev.weft.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * Reads {@code weft { ... }} from a HOCON file, lays {@code -Dweft.…} system properties over it, and turns the
 * result into a {@link WeftConfig} or an {@link InvalidConfigException} listing every problem.
 */
public final class ConfigLoader {
    public static final String ROOT = "weft";
    /** What {@code admin.open-paths} may name: the admin port's GET paths. */
    private static final List<String> ADMIN_GET_PATHS = List.of("/metrics", "/healthz", "/config");

    private ConfigLoader() {
    }

    public static WeftConfig fromFile(Path file, Properties overrides) throws InvalidConfigException {
        if (!Files.isRegularFile(file)) {
            throw single(file.toString(), "config file not found or not a regular file");
        }
        return load(file.toString(), () -> ConfigFactory.parseFile(file.toFile(),
                ConfigParseOptions.defaults().setAllowMissing(false)), overrides, file.toAbsolutePath().getParent());
    }

    /** A configuration given as text, relative file names resolved against the working directory. */
    public static WeftConfig fromText(String hocon, Properties overrides) throws InvalidConfigException {
        return load("the given text", () -> ConfigFactory.parseString(hocon,
                ConfigParseOptions.defaults().setOriginDescription("text")), overrides,
                Path.of("").toAbsolutePath());
    }

    public static WeftConfig fromResource(String resource, Properties overrides) throws InvalidConfigException {
        return load(resource, () -> ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), resource,
                ConfigParseOptions.defaults().setAllowMissing(false)), overrides, Path.of("").toAbsolutePath());
    }

    /**
     * Parses, bounds the nesting, merges the overrides and reads. Typesafe Config parses and resolves by recursion,
     * so a file nested thousands deep overflows the stack inside it: that is reported as a problem of the file. A
     * resolved tree deeper than {@link ConfigDepth#LIMIT} is refused before anything else walks it.
     */
    private static WeftConfig load(String source, Supplier<Config> parse, Properties overrides, Path baseDirectory)
            throws InvalidConfigException {
        Config parsed;
        try {
            parsed = parse.get();
        } catch (ConfigException e) {
            throw single(ConfigText.describe(e.origin()), e.getMessage());
        } catch (StackOverflowError e) {
            throw single(source, "nested too deeply to parse; Weft's configuration nests at most "
                    + ConfigDepth.LIMIT + " levels");
        }
        try {
            return fromParsed(parsed, overrides, baseDirectory);
        } catch (StackOverflowError e) {
            throw single(source, "nested too deeply to resolve; Weft's configuration nests at most "
                    + ConfigDepth.LIMIT + " levels");
        }
    }

    /**
     * @param baseDirectory what relative file names (certificates, keys) are resolved against: the config file's
     *                      directory
     */
    private static WeftConfig fromParsed(Config parsed, Properties overrides, Path baseDirectory) throws InvalidConfigException {
        Config merged;
        try {
            merged = weftOverrides(overrides).withFallback(parsed).resolve();
        } catch (ConfigException e) {
            throw single(ConfigText.describe(e.origin()), e.getMessage());
        }
        ConfigDepth.check(merged.root());
        List<ConfigProblem> problems = new ArrayList<>();
        WeftConfig config = null;
        ConfigValue root = merged.root().get(ROOT);
        if (root == null) {
            problems.add(new ConfigProblem(ROOT, ConfigText.describe(merged.origin()),
                    "no root key 'weft'; write the configuration as weft { listeners { ... } backends { ... } }"));
        } else if (!(root instanceof ConfigObject)) {
            problems.add(new ConfigProblem(ROOT, ConfigText.describe(root.origin()), "must be an object, weft {"
                    + " listeners { ... } backends { ... } }, not " + ConfigText.shown(root)));
        } else {
            config = readRoot(new ConfigNode("", merged.root(), merged.origin(), problems).child(ROOT),
                    new TlsConfigReader(baseDirectory), redacted(merged.getConfig(ROOT)));
        }
        for (String key : merged.root().keySet()) {
            if (!key.equals(ROOT)) {
                ConfigValue value = merged.root().get(key);
                problems.add(new ConfigProblem(key, ConfigText.describe(value.origin()),
                        "unknown top-level key; did you mean '" + ROOT + "'? Everything goes under weft { }"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return config;
    }

    /**
     * Keys whose values may be secrets: passwords and the like by name, and the health check's {@code send} and
     * {@code expect}, which carry whatever a protocol's probe needs (a Redis AUTH, a database login).
     */
    private static boolean secret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("passphrase") || k.contains("secret") || k.contains("token")
                || k.equals("send") || k.equals("expect");
    }

    /** The config as JSON with every value that may be a secret replaced, so that it can be shown. */
    private static String redacted(Config config) {
        return ConfigValueFactory.fromAnyRef(redacted(config.root().unwrapped()))
                .render(ConfigRenderOptions.concise().setJson(true).setFormatted(true));
    }

    /** The same plain Java maps and lists, with every value under a {@link #secret} key replaced. */
    private static Object redacted(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put((String) key, secret((String) key) ? "<redacted>"
                    : redacted(item)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ConfigLoader::redacted).toList();
        }
        return value;
    }

    /** Only {@code weft.*} properties take part, so the JVM's own properties never count as unknown keys. */
    private static Config weftOverrides(Properties properties) {
        Properties weft = new Properties();
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith(ROOT + ".")) {
                weft.setProperty(name, properties.getProperty(name));
            }
        }
        return ConfigFactory.parseProperties(weft,
                ConfigParseOptions.defaults().setOriginDescription("system properties"));
    }

    private static WeftConfig readRoot(ConfigNode root, TlsConfigReader tls, String rendered) {
        Map<String, BackendConfig> backends = new LinkedHashMap<>();
        root.namedChildren("backends").forEach((name, node) -> backends.put(name, readBackend(name, node, tls)));
        Map<String, ListenerConfig> listeners = new LinkedHashMap<>();
        Map<String, ConfigNode> listenerNodes = root.namedChildren("listeners");
        listenerNodes.forEach((name, node) -> listeners.put(name, readListener(name, node, backends, tls)));
        if (listenerNodes.isEmpty()) {
            root.problem("listeners", "no listener is defined; add weft.listeners.<name> { bind, backend }");
        }
        rejectSharedBinds(listeners, listenerNodes);
        ShutdownConfig shutdown = readShutdown(root.child("shutdown"));
        IoConfig io = readIo(root.child("io"));
        ConfigNode controlNode = root.child("control");
        Path socket = controlNode.path("socket");
        ControlConfig control = new ControlConfig(socket == null ? "" : socket.toString(),
                controlNode.path("state-file"));
        controlNode.rejectUnknownKeys();
        ConfigNode adminNode = root.child("admin");
        AdminConfig admin = readAdmin(adminNode);
        ConfigNode metricsNode = root.child("metrics");
        MetricsConfig metrics = new MetricsConfig(metricsNode.bool("enabled", true),
                Objects.toString(metricsNode.path("counters-file"), ""),
                metricsNode.duration("publish-interval", Duration.ofSeconds(1), Duration.ofMillis(100)),
                metricsNode.integer("capacity", 4096, 64, 1_000_000));
        metricsNode.rejectUnknownKeys();
        ConfigNode logNode = root.child("access-log");
        AccessLogConfig accessLog = new AccessLogConfig(logNode.bool("enabled", false), logNode.path("path"), logNode.choice("format", LogFormat.TEXT) == LogFormat.JSON,
                logNode.decimal("sample-rate", 1.0, 0.0, 1.0));
        logNode.rejectUnknownKeys();
        root.rejectUnknownKeys();
        return new WeftConfig(Collections.unmodifiableMap(listeners), Collections.unmodifiableMap(backends),
                shutdown, io, control, admin, metrics, accessLog, rendered);
    }

    private static ListenerConfig readListener(String name, ConfigNode node, Map<String, BackendConfig> backends,
                                               TlsConfigReader tls) {
        HostPort bind = address(node, "bind", node.string("bind", null), true);
        ListenerProtocol protocol = node.choice("protocol", ListenerProtocol.TCP);
        TlsListenerConfig tlsConfig = null;
        SniRoutes routes = null;
        String backend = null;
        if (protocol == ListenerProtocol.TLS_PASSTHROUGH) {
            routes = tls.routes(node, backends);
            if (node.has("backend")) {
                node.problem("backend", "a tls-passthrough listener picks backends by SNI: use routes { default = "
                        + node.string("backend", "") + " } instead");
            }
        } else {
            backend = node.string("backend", null);
            if (protocol == ListenerProtocol.TLS) {
                tlsConfig = tls.listenerTls(node.child("tls"));
            } else if (node.has("tls")) {
                node.problem("tls", "applies only to protocol = tls or tls-passthrough; this listener is tcp");
            }
        }
        if (protocol != ListenerProtocol.TLS_PASSTHROUGH && node.has("routes")) {
            node.problem("routes", "applies only to protocol = tls-passthrough");
        }
        if (backend != null && !backends.containsKey(backend)) {
            node.problem("backend", "names backend '" + backend + "', which is not defined"
                    + (backends.isEmpty() ? "; define it under weft.backends"
                    : "; did you mean '" + NearestKey.among(backend, backends.keySet()) + "'?"));
        }
        int maxConnections = node.integer("max-connections", 10_000, 1, 10_000_000);
        int backlog = node.integer("backlog", 1024, 1, 65_535);
        boolean acceptProxyProtocol = node.bool("accept-proxy-protocol", false);
        Duration proxyProtocolTimeout = node.duration("proxy-protocol-timeout", Duration.ofSeconds(5), Duration.ofMillis(10));
        boolean reusePort = node.bool("reuse-port", false);
        TcpOptions tcp = ConnectionConfigReader.tcp(node);
        AccessConfig access = AdmissionConfigReader.access(node);
        LimitsConfig limits = AdmissionConfigReader.limits(node);
        if (!limits.handshakes().off() || !limits.clientHandshakes().off()) {
            if (protocol != ListenerProtocol.TLS) {
                node.problem("limits", "handshakes-per-second applies only to protocol = tls, whose handshakes "
                        + "Weft makes; this listener is " + Keyword.of(protocol));
            }
        }
        node.rejectUnknownKeys();
        return new ListenerConfig(name, bind, protocol, backend, maxConnections, backlog, tlsConfig, routes,
                acceptProxyProtocol, proxyProtocolTimeout, reusePort, access, limits, tcp);
    }

    private static BackendConfig readBackend(String name, ConfigNode node, TlsConfigReader tls) {
        List<GroupConfig> groups = GroupConfigReader.read(node);
        Balancing balancing = node.choice("balancing", Balancing.LEAST_CONNECTIONS);
        Duration connectTimeout = node.duration("connect-timeout", Duration.ofSeconds(3), Duration.ofMillis(1));
        int connectRetries = node.integer("connect-retries", 2, 0, 100);
        Duration idleTimeout = node.duration("idle-timeout", Duration.ofHours(1), Duration.ZERO);
        HealthCheckConfig healthCheck = readHealthCheck(node.child("health-check"));
        BackendProtocol protocol = node.choice("protocol", BackendProtocol.TCP);
        BackendTlsConfig backendTls = null;
        if (protocol == BackendProtocol.TLS) {
            backendTls = tls.backendTls(node.child("tls"));
        } else if (node.has("tls")) {
            node.problem("tls", "applies only to protocol = tls; this backend is tcp");
        }
        ProxyProtocolVersion proxyProtocol = node.choice("proxy-protocol", ProxyProtocolVersion.NONE);
        SessionAffinity affinity = node.choice("session-affinity", SessionAffinity.NONE);
        Duration drainingTimeout = node.duration("draining-timeout", Duration.ofSeconds(30), Duration.ZERO);
        if (drainingTimeout.compareTo(Duration.ofHours(1)) > 0) {
            node.problem("draining-timeout", "must be at most 3600s, not " + drainingTimeout.toSeconds() + "s");
        }
        TcpOptions tcp = ConnectionConfigReader.tcp(node);
        ConnectionLifetime lifetime = ConnectionConfigReader.lifetime(node);
        EndpointPolicy policy = ConnectionConfigReader.endpointPolicy(node);
        node.rejectUnknownKeys();
        return new BackendConfig(name, groups, balancing, connectTimeout, connectRetries, idleTimeout, healthCheck,
                protocol, backendTls, proxyProtocol, affinity, drainingTimeout, tcp, lifetime, policy);
    }

    private static HealthCheckConfig readHealthCheck(ConfigNode node) {
        HealthCheckType type = node.choice("type", HealthCheckType.TCP);
        String send = node.string("send", "");
        String expect = node.string("expect", "");
        if (type == HealthCheckType.SEND_EXPECT && expect.isEmpty()) {
            node.problem("expect", "type = send-expect needs expect = \"...\": what the response starts with");
        }
        if (type != HealthCheckType.SEND_EXPECT && (!send.isEmpty() || !expect.isEmpty())) {
            node.problem(send.isEmpty() ? "expect" : "send", "applies only to type = send-expect");
        }
        ConfigNode ejection = node.child("ejection");
        HealthCheckConfig check = new HealthCheckConfig(
                node.bool("enabled", true),
                node.duration("interval", Duration.ofSeconds(5), Duration.ofMillis(100)),
                node.duration("timeout", Duration.ofSeconds(2), Duration.ofMillis(10)),
                node.integer("healthy-threshold", 2, 1, 1000),
                node.integer("unhealthy-threshold", 2, 1, 1000),
                type,
                type == HealthCheckType.SEND_EXPECT ? send : null,
                type == HealthCheckType.SEND_EXPECT ? expect : null,
                node.integer("port", 0, 0, 65_535),
                ejection.integer("consecutive-failures", 5, 0, 1000),
                ejection.duration("duration", Duration.ofSeconds(30), Duration.ofMillis(100)));
        ejection.rejectUnknownKeys();
        node.rejectUnknownKeys();
        return check;
    }

    private static ShutdownConfig readShutdown(ConfigNode node) {
        ShutdownConfig shutdown = new ShutdownConfig(node.duration("grace", Duration.ZERO, Duration.ZERO),
                node.duration("drain-timeout", Duration.ofSeconds(30), Duration.ZERO));
        node.rejectUnknownKeys();
        return shutdown;
    }

    private static IoConfig readIo(ConfigNode node) {
        TransportChoice transport = node.choice("transport", TransportChoice.AUTO);
        SpliceChoice splice = node.choice("splice", SpliceChoice.AUTO);
        if (splice == SpliceChoice.ON && transport == TransportChoice.JDK) {
            node.problem("splice", "splice = on needs transport = native (or auto on Linux); the JDK transport"
                    + " only copies");
        }
        int bufferSize = node.bytes("buffer-size", 64 * 1024, 4096, 16 * 1024 * 1024);
        int smallBufferSize = node.bytes("small-buffer-size", 1024, 256, 64 * 1024);
        if (smallBufferSize > bufferSize) {
            node.problem("small-buffer-size", "must not exceed buffer-size (" + bufferSize + " bytes)");
        }
        int pipeSize = node.bytes("pipe-size", 1 << 20, 4096, 1 << 30);
        int pollers = node.integer("pollers", Math.min(64, Runtime.getRuntime().availableProcessors()), 1, 64);
        Duration restAfter = node.duration("rest-after", Duration.ofMillis(250), Duration.ZERO);
        if (!restAfter.isZero() && restAfter.compareTo(Duration.ofMillis(10)) < 0) {
            node.problem("rest-after", "must be 0 (off) or at least 10ms, not " + restAfter.toMillis() + "ms");
        }
        node.rejectUnknownKeys();
        return new IoConfig(transport, splice, bufferSize, smallBufferSize, pipeSize, pollers, restAfter);
    }

    private static void rejectSharedBinds(Map<String, ListenerConfig> listeners, Map<String, ConfigNode> nodes) {
        Map<Object, String> owners = new LinkedHashMap<>();
        listeners.forEach((name, listener) -> {
            if (listener.bind() == null || listener.bind().port() == 0) {
                return;
            }
            String owner = owners.putIfAbsent(listener.bind().address(), name);
            if (owner != null) {
                nodes.get(name).problem("bind", "address " + listener.bind() + " is already bound by listener '"
                        + owner + "'");
            }
        });
    }

    private static AdminConfig readAdmin(ConfigNode node) {
        boolean enabled = node.bool("enabled", true);
        HostPort bind = address(node, "bind", node.string("bind", "127.0.0.1:9901"), true);
        Path tokenFile = node.path("token-file");
        List<String> openPaths = node.has("open-paths") ? node.stringList("open-paths", false)
                : List.of("/metrics", "/healthz");
        for (String path : openPaths) {
            if (!ADMIN_GET_PATHS.contains(path)) {
                node.problem("open-paths", "'" + path + "' is not one of the admin port's GET paths "
                        + String.join(", ", ADMIN_GET_PATHS));
            }
        }
        List<String> allowedHosts = node.stringList("allowed-hosts", false);
        int maxConnections = node.integer("max-connections", 16, 1, 1024);
        Duration requestTimeout = node.duration("request-timeout", Duration.ofSeconds(5), Duration.ofSeconds(1));
        node.rejectUnknownKeys();
        return new AdminConfig(enabled, bind, tokenFile, List.copyOf(openPaths), List.copyOf(allowedHosts),
                maxConnections, requestTimeout);
    }

    private static HostPort address(ConfigNode node, String key, String text, boolean portZeroAllowed) {
        if (text == null) {
            return null;
        }
        try {
            return HostPort.parse(text, portZeroAllowed);
        } catch (IllegalArgumentException e) {
            node.problem(key, e.getMessage());
            return null;
        }
    }

    private static InvalidConfigException single(String origin, String message) {
        return new InvalidConfigException(List.of(new ConfigProblem(ROOT, origin, message)));
    }
}
