package dev.weft.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the TLS parts of the config: a listener's {@code tls} and {@code routes}, a backend's {@code tls}. File
 * paths are resolved against the directory of the config file, and a file that cannot be read is reported here,
 * by name, so that {@code weft check} catches it. What the files contain is checked when they are loaded.
 */
final class TlsConfigReader {
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private final Path baseDirectory;

    TlsConfigReader(Path baseDirectory) {
        this.baseDirectory = baseDirectory;
    }

    TlsListenerConfig listenerTls(ConfigNode node) {
        List<CertificateSource> certificates = new ArrayList<>();
        List<ConfigNode> items = node.objectList("certificates");
        for (ConfigNode item : items) {
            CertificateSource source = certificate(item);
            if (source != null) {
                certificates.add(source);
            }
        }
        if (items.isEmpty()) {
            node.problem("certificates", "protocol = tls needs at least one certificate: certificates = "
                    + "[ { cert = \"chain.pem\", key = \"key.pem\" } ] or [ { pkcs12 = \"file.p12\", password = \"...\" } ]");
        }
        TlsPolicyConfig policy = policy(node.child("policy"));
        List<String> alpn = node.stringList("alpn", false);
        Duration handshakeTimeout = node.duration("handshake-timeout", Duration.ofSeconds(10), Duration.ofMillis(10));
        int maxHandshakes = node.integer("max-concurrent-handshakes", 4 * CORES, 1, 100_000);
        ConfigNode resumptionNode = node.child("session-resumption");
        SessionResumptionConfig resumption = new SessionResumptionConfig(
                resumptionNode.bool("enabled", true),
                resumptionNode.integer("cache-size", 20_000, 1, 10_000_000),
                resumptionNode.duration("lifetime", Duration.ofMinutes(5), Duration.ofSeconds(1)));
        resumptionNode.rejectUnknownKeys();
        ConfigNode ticketsNode = node.child("session-tickets");
        Path ticketKeyFile = ticketsNode.has("key-file")
                ? readableFile(ticketsNode, "key-file", ticketsNode.string("key-file", null)) : null;
        Duration ticketKeyRotation = ticketsNode.duration("rotation", Duration.ofHours(1), Duration.ofSeconds(1));
        ticketsNode.rejectUnknownKeys();
        Duration checkInterval = node.duration("certificate-check-interval", Duration.ofSeconds(5), Duration.ofMillis(100));
        TlsEngineChoice engine = engine(node);
        ClientAuthConfig clientAuth = clientAuth(node);
        node.rejectUnknownKeys();
        return new TlsListenerConfig(List.copyOf(certificates), policy, alpn, handshakeTimeout, maxHandshakes,
                resumption, checkInterval, engine, new SessionTicketsConfig(ticketKeyFile, ticketKeyRotation),
                clientAuth);
    }

    /** {@code routes} and the ClientHello timeout of a passthrough listener. */
    SniRoutes routes(ConfigNode listener, Map<String, BackendConfig> backends) {
        Map<String, String> routes = listener.stringMap("routes");
        if (!listener.has("routes")) {
            listener.problem("routes", "protocol = tls-passthrough needs routes { \"api.example.com\" = backend, "
                    + "default = backend }");
        }
        String defaultBackend = null;
        Map<String, String> byName = new LinkedHashMap<>();
        for (Map.Entry<String, String> route : routes.entrySet()) {
            String pattern = route.getKey().toLowerCase(Locale.ROOT);
            if (!backends.containsKey(route.getValue())) {
                listener.problem("routes", "route '" + route.getKey() + "' names backend '" + route.getValue()
                        + "', which is not defined" + (backends.isEmpty() ? ""
                        : "; did you mean '" + NearestKey.among(route.getValue(), backends.keySet()) + "'?"));
            }
            if (pattern.equals("default")) {
                defaultBackend = route.getValue();
            } else if (!validPattern(pattern)) {
                listener.problem("routes", "'" + route.getKey() + "' is not a server name or a wildcard such as "
                        + "*.example.org");
            } else {
                byName.put(pattern, route.getValue());
            }
        }
        ConfigNode tls = listener.child("tls");
        if (tls.has("certificates")) {
            tls.problem("certificates", "a tls-passthrough listener does not terminate TLS, so it has no "
                    + "certificates; use protocol = tls to terminate");
        }
        Duration timeout = tls.duration("handshake-timeout", Duration.ofSeconds(10), Duration.ofMillis(10));
        tls.rejectUnknownKeys();
        return new SniRoutes(Collections.unmodifiableMap(byName),
                defaultBackend, timeout);
    }

    BackendTlsConfig backendTls(ConfigNode node) {
        String trustText = node.string("trust", "system");
        BackendTlsConfig.Trust trust;
        Path caFile = null;
        if (trustText.equals("system")) {
            trust = BackendTlsConfig.Trust.SYSTEM;
        } else if (trustText.equals("insecure")) {
            trust = BackendTlsConfig.Trust.INSECURE;
        } else {
            trust = BackendTlsConfig.Trust.FILE;
            caFile = readableFile(node, "trust", trustText);
        }
        String serverName = node.string("server-name", "");
        CertificateSource.Pem clientCert = null;
        if (node.has("client-cert")) {
            ConfigNode cert = node.child("client-cert");
            clientCert = pem(cert);
            cert.rejectUnknownKeys();
        }
        Duration handshakeTimeout = node.duration("handshake-timeout", Duration.ofSeconds(10), Duration.ofMillis(10));
        TlsEngineChoice engine = engine(node);
        node.rejectUnknownKeys();
        return new BackendTlsConfig(trust, caFile, serverName.isEmpty() ? null : serverName, clientCert,
                handshakeTimeout, engine);
    }

    private ClientAuthConfig clientAuth(ConfigNode node) {
        ClientAuthConfig.Mode mode = named(node, "client-auth", ClientAuthConfig.Mode.NONE,
                ClientAuthConfig.Mode.values(), m -> m.name().toLowerCase(Locale.ROOT));
        Path ca = node.has("client-ca") ? readableFile(node, "client-ca", node.string("client-ca", null)) : null;
        Path crl = node.has("crl") ? readableFile(node, "crl", node.string("crl", null)) : null;
        int depth = node.integer("verify-depth", ClientAuthConfig.NONE.verifyDepth(), 0, 100);
        if (mode != ClientAuthConfig.Mode.NONE && !node.has("client-ca")) {
            node.problem("client-ca", "client-auth = " + mode.name().toLowerCase(Locale.ROOT) + " needs client-ca, "
                    + "the PEM bundle of the authorities that issue client certificates");
        }
        if (mode == ClientAuthConfig.Mode.NONE && (node.has("client-ca") || node.has("crl"))) {
            node.problem(node.has("client-ca") ? "client-ca" : "crl", "only applies with client-auth = optional "
                    + "or required");
        }
        return new ClientAuthConfig(mode, ca, crl, depth);
    }

    private static TlsEngineChoice engine(ConfigNode node) {
        return named(node, "engine", TlsEngineChoice.AUTO, TlsEngineChoice.values(), TlsEngineChoice::configName);
    }

    private CertificateSource certificate(ConfigNode item) {
        CertificateSource source;
        if (item.has("pkcs12")) {
            Path file = readableFile(item, "pkcs12", item.string("pkcs12", null));
            String password = item.string("password", "");
            source = file == null ? null : new CertificateSource.Pkcs12(file, password);
        } else {
            source = pem(item);
        }
        item.rejectUnknownKeys();
        return source;
    }

    private CertificateSource.Pem pem(ConfigNode item) {
        Path cert = readableFile(item, "cert", item.string("cert", null));
        Path key = readableFile(item, "key", item.string("key", null));
        return cert == null || key == null ? null : new CertificateSource.Pem(cert, key);
    }

    private TlsPolicyConfig policy(ConfigNode node) {
        TlsProfile profile = named(node, "profile", TlsProfile.COMPATIBLE, TlsProfile.values(),
                TlsProfile::name);
        TlsVersion minVersion = named(node, "min-version", TlsVersion.TLS_1_2, TlsVersion.values(),
                TlsVersion::configName);
        List<String> custom = node.stringList("custom-features", false);
        if (profile == TlsProfile.CUSTOM && custom.isEmpty()) {
            node.problem("custom-features", "profile CUSTOM needs custom-features, a list of suites from: "
                    + String.join(", ", TlsProfile.features()));
        }
        if (profile != TlsProfile.CUSTOM && !custom.isEmpty()) {
            node.problem("custom-features", "only applies to profile CUSTOM, not " + profile);
        }
        for (String feature : custom) {
            if (!TlsProfile.features().contains(feature)) {
                node.problem("custom-features", "'" + feature + "' is not a known feature; did you mean '"
                        + NearestKey.among(feature, TlsProfile.features()) + "'?");
            }
        }
        node.rejectUnknownKeys();
        return new TlsPolicyConfig(profile, minVersion, List.copyOf(custom));
    }

    private static <E> E named(ConfigNode node, String key, E fallback, E[] values,
                               Function<E, String> name) {
        String text = node.string(key, name.apply(fallback));
        for (E value : values) {
            if (name.apply(value).equalsIgnoreCase(text)) {
                return value;
            }
        }
        List<String> names = Arrays.stream(values).map(name).toList();
        node.problem(key, "must be one of " + String.join(" | ", names) + ", not '" + text + "'");
        return fallback;
    }

    private Path readableFile(ConfigNode node, String key, String text) {
        if (text == null) {
            return null;
        }
        Path named = node.path(key, text);
        if (named == null) {
            return null;
        }
        Path path = baseDirectory.resolve(named).normalize();
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            node.problem(key, "cannot read file " + path + (Files.exists(path) ? " (permission denied or not a "
                    + "regular file)" : " (no such file)"));
            return null;
        }
        return path;
    }

    private static boolean validPattern(String pattern) {
        String name = pattern.startsWith("*.") ? pattern.substring(2) : pattern;
        return !name.isEmpty() && name.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
    }
}
