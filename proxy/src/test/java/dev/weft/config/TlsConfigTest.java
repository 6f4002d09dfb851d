package dev.weft.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsConfigTest {
    @TempDir
    Path dir;

    @BeforeEach
    void certificateFiles() throws IOException {
        // Contents are checked when certificates load, not by the config reader: names are enough here.
        Files.writeString(dir.resolve("site.pem"), "cert");
        Files.writeString(dir.resolve("site.key"), "key");
        Files.writeString(dir.resolve("ca.pem"), "ca");
    }

    private WeftConfig load(String hocon, Properties overrides) throws Exception {
        return ConfigLoader.fromFile(Files.writeString(dir.resolve("weft.conf"), hocon), overrides);
    }

    private List<ConfigProblem> problems(String hocon) throws IOException {
        Path file = Files.writeString(dir.resolve("weft.conf"), hocon);
        return assertThrows(InvalidConfigException.class, () -> ConfigLoader.fromFile(file, new Properties()))
                .problems();
    }

    @Test
    void defaultsAndRelativePathsOfATlsListener() throws Exception {
        WeftConfig config = load("""
                weft {
                  listeners.secure { bind = "127.0.0.1:8443", protocol = tls, backend = app
                                     tls.certificates = [{ cert = site.pem, key = site.key }] }
                  backends.app.endpoints = ["127.0.0.1:9001"]
                }
                """, new Properties());
        TlsListenerConfig tls = config.listeners().get("secure").tls();
        assertEquals(List.of(new CertificateSource.Pem(dir.resolve("site.pem"), dir.resolve("site.key"))),
                tls.certificates(), "relative to the config file's directory");
        assertEquals(new TlsPolicyConfig(TlsProfile.COMPATIBLE, TlsVersion.TLS_1_2, List.of()), tls.policy());
        assertEquals(List.of(), tls.alpn());
        assertEquals(Duration.ofSeconds(10), tls.handshakeTimeout());
        assertEquals(4 * Runtime.getRuntime().availableProcessors(), tls.maxConcurrentHandshakes());
        assertEquals(new SessionResumptionConfig(true, 20_000, Duration.ofMinutes(5)), tls.sessionResumption());
        assertEquals(Duration.ofSeconds(5), tls.certificateCheckInterval());
    }

    @Test
    void everyTlsKeyIsAccepted() throws Exception {
        WeftConfig config = load("""
                weft {
                  listeners {
                    secure {
                      bind = "127.0.0.1:8443", protocol = tls, backend = app
                      tls {
                        certificates = [{ cert = site.pem, key = site.key }, { pkcs12 = site.key, password = pw }]
                        policy { profile = custom, min-version = TLSv1.0,
                                 custom-features = [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256] }
                        alpn = [h2, "http/1.1"]
                        handshake-timeout = 3s
                        max-concurrent-handshakes = 7
                        session-resumption { enabled = false, cache-size = 10, lifetime = 1m }
                        certificate-check-interval = 1s
                      }
                    }
                    sni {
                      bind = "127.0.0.1:9443", protocol = tls-passthrough
                      routes { "API.example.com" = app, "*.example.org" = app, default = app }
                      tls.handshake-timeout = 2s
                    }
                  }
                  backends.app {
                    endpoints = ["127.0.0.1:9001"]
                    protocol = tls
                    tls { trust = ca.pem, server-name = app.internal, client-cert { cert = site.pem, key = site.key },
                          handshake-timeout = 4s }
                  }
                }
                """, new Properties());
        TlsListenerConfig tls = config.listeners().get("secure").tls();
        assertEquals(new CertificateSource.Pkcs12(dir.resolve("site.key"), "pw"), tls.certificates().get(1));
        assertEquals(new TlsPolicyConfig(TlsProfile.CUSTOM, TlsVersion.TLS_1_0,
                List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")), tls.policy());
        assertEquals(List.of("h2", "http/1.1"), tls.alpn());
        assertEquals(new SessionResumptionConfig(false, 10, Duration.ofMinutes(1)), tls.sessionResumption());
        SniRoutes routes = config.listeners().get("sni").routes();
        assertEquals(Map.of("api.example.com", "app", "*.example.org", "app"), routes.byName());
        assertEquals("app", routes.defaultBackend());
        assertEquals(Duration.ofSeconds(2), routes.clientHelloTimeout());
        BackendTlsConfig backend = config.backends().get("app").tls();
        assertEquals(new BackendTlsConfig(BackendTlsConfig.Trust.FILE, dir.resolve("ca.pem"), "app.internal",
                new CertificateSource.Pem(dir.resolve("site.pem"), dir.resolve("site.key")), Duration.ofSeconds(4),
                TlsEngineChoice.AUTO),
                backend);
    }

    @Test
    void tlsMistakesAreNamed() throws Exception {
        List<ConfigProblem> problems = problems("""
                weft {
                  listeners {
                    a { bind = "127.0.0.1:1", protocol = tls, backend = app,
                        tls { certificates = [{ cert = missing.pem, key = site.key }],
                              policy { profile = MODERNE, min-version = TLSv1.4 } } }
                    b { bind = "127.0.0.1:2", protocol = tls, backend = app,
                        tls { policy { profile = CUSTOM, custom-features = [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA265] } } }
                    c { bind = "127.0.0.1:3", protocol = tls-passthrough, backend = app,
                        routes { "bad name!" = app, "x.test" = nope }, tls.certificates = [] }
                    d { bind = "127.0.0.1:4", backend = app, tls.handshake-timeout = 1s }
                  }
                  backends.app { endpoints = ["127.0.0.1:9001"], tls.trust = system }
                }
                """);
        assertProblem(problems, "weft.listeners.a.tls.certificates.0.cert", "cannot read file "
                + dir.resolve("missing.pem") + " (no such file)");
        assertProblem(problems, "weft.listeners.a.tls.policy.profile", "must be one of COMPATIBLE | MODERN");
        assertProblem(problems, "weft.listeners.a.tls.policy.min-version", "TLSv1.0 | TLSv1.1 | TLSv1.2 | TLSv1.3");
        assertProblem(problems, "weft.listeners.b.tls.certificates", "at least one certificate");
        assertProblem(problems, "weft.listeners.b.tls.policy.custom-features",
                "did you mean 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'?");
        assertProblem(problems, "weft.listeners.c.backend", "use routes { default = app }");
        assertProblem(problems, "weft.listeners.c.routes", "'bad name!' is not a server name");
        assertProblem(problems, "weft.listeners.c.routes", "names backend 'nope', which is not defined");
        assertProblem(problems, "weft.listeners.c.tls.certificates", "does not terminate TLS");
        assertProblem(problems, "weft.listeners.d.tls", "applies only to protocol = tls");
        assertProblem(problems, "weft.backends.app.tls", "applies only to protocol = tls");
    }

    @Test
    void certificatesCanBeGivenAsIndexedSystemProperties() throws Exception {
        Properties overrides = new Properties();
        overrides.setProperty("weft.listeners.secure.tls.certificates.0.cert", "site.pem");
        overrides.setProperty("weft.listeners.secure.tls.certificates.0.key", "site.key");
        WeftConfig config = load("""
                weft {
                  listeners.secure { bind = "127.0.0.1:8443", protocol = tls, backend = app }
                  backends.app.endpoints = ["127.0.0.1:9001"]
                }
                """, overrides);
        assertEquals(1, config.listeners().get("secure").tls().certificates().size());
    }

    private static void assertProblem(List<ConfigProblem> problems, String path, String message) {
        assertTrue(problems.stream().anyMatch(p -> p.path().equals(path) && p.message().contains(message)),
                "expected a problem at " + path + " saying '" + message + "' in:\n"
                        + String.join("\n", problems.stream().map(ConfigProblem::toString).toList()));
    }
}
