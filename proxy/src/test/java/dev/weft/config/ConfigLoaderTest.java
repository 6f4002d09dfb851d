package dev.weft.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path write(String hocon) throws IOException {
        return Files.writeString(dir.resolve("weft.conf"), hocon);
    }

    private List<ConfigProblem> problems(String hocon) throws IOException {
        return problems(hocon, new Properties());
    }

    private List<ConfigProblem> problems(String hocon, Properties overrides) throws IOException {
        Path file = write(hocon);
        return assertThrows(InvalidConfigException.class, () -> ConfigLoader.fromFile(file, overrides)).problems();
    }

    private static final String MINIMAL = """
            weft {
              listeners {
                web { bind = "127.0.0.1:7000", backend = app }
              }
              backends {
                app { endpoints = ["127.0.0.1:9001", "localhost:9002"] }
              }
            }
            """;

    @Test
    void everyDefaultAppliesToAMinimalConfig() throws Exception {
        WeftConfig config = ConfigLoader.fromFile(write(MINIMAL), new Properties());
        ListenerConfig web = config.listeners().get("web");
        assertEquals(7000, web.bind().port());
        assertEquals(ListenerProtocol.TCP, web.protocol());
        assertEquals(10_000, web.maxConnections());
        BackendConfig app = config.backends().get("app");
        assertEquals(2, app.endpoints().size());
        assertEquals("127.0.0.1", app.endpoints().get(1).address().getAddress().getHostAddress());
        assertEquals(Balancing.LEAST_CONNECTIONS, app.balancing());
        assertEquals(Duration.ofSeconds(3), app.connectTimeout());
        assertEquals(2, app.connectRetries());
        assertEquals(Duration.ofHours(1), app.idleTimeout());
        assertEquals(new HealthCheckConfig(true, Duration.ofSeconds(5), Duration.ofSeconds(2), 2, 2,
                HealthCheckType.TCP, null, null, 0, 5, Duration.ofSeconds(30)), app.healthCheck());
        assertEquals(Duration.ofSeconds(30), config.shutdown().drainTimeout());
        assertEquals(new IoConfig(TransportChoice.AUTO, SpliceChoice.AUTO, 65536, 1024, 1 << 20,
                Math.min(64, Runtime.getRuntime().availableProcessors()), Duration.ofMillis(250)), config.io());
    }

    @Test
    void everyDocumentedKeyIsAccepted() throws Exception {
        WeftConfig config = ConfigLoader.fromFile(write("""
                weft {
                  listeners {
                    web { bind = "[::1]:7000", protocol = tcp, backend = app, max-connections = 5, backlog = 64 }
                  }
                  backends {
                    app {
                      endpoints = ["[::1]:9001"]
                      balancing = power-of-two-choices
                      connect-timeout = 250ms
                      connect-retries = 0
                      idle-timeout = 0
                      health-check { enabled = false, interval = 1s, timeout = 500ms, healthy-threshold = 3,
                                     unhealthy-threshold = 4 }
                    }
                  }
                  shutdown { drain-timeout = 2m }
                  io { transport = native, splice = off, buffer-size = 128KiB, small-buffer-size = 1KiB, pipe-size = 256KiB,
                       pollers = 2 }
                }
                """), new Properties());
        assertEquals("::1", config.listeners().get("web").bind().host());
        assertEquals("[::1]:7000", config.listeners().get("web").bind().toString());
        BackendConfig app = config.backends().get("app");
        assertEquals(Balancing.POWER_OF_TWO_CHOICES, app.balancing());
        assertEquals(Duration.ZERO, app.idleTimeout());
        assertEquals(new HealthCheckConfig(false, Duration.ofSeconds(1), Duration.ofMillis(500), 3, 4,
                HealthCheckType.TCP, null, null, 0, 5, Duration.ofSeconds(30)),
                app.healthCheck());
        assertEquals(Duration.ofMinutes(2), config.shutdown().drainTimeout());
        assertEquals(new IoConfig(TransportChoice.NATIVE, SpliceChoice.OFF, 131072, 1024, 262144, 2,
                Duration.ofMillis(250)), config.io());
    }

    @Test
    void anUnknownKeyNamesTheNearestValidKeyAndTheFileLine() throws Exception {
        List<ConfigProblem> problems = problems("""
                weft {
                  listeners { web { bind = "127.0.0.1:7000", backend = app } }
                  backends {
                    app {
                      endpoints = ["127.0.0.1:9001"]
                      conect-timeout = 1s
                    }
                  }
                }
                """);
        assertEquals(1, problems.size(), problems.toString());
        ConfigProblem problem = problems.getFirst();
        assertEquals("weft.backends.app.conect-timeout", problem.path());
        assertTrue(problem.origin().endsWith("weft.conf:6"), problem.origin());
        assertTrue(problem.message().contains("did you mean 'connect-timeout'?"), problem.message());
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() throws Exception {
        List<ConfigProblem> problems = problems("""
                weft {
                  listeners {
                    web { bind = "127.0.0.1", backend = ap }
                    api { bind = "127.0.0.1:99999", backend = app, max-conections = 3 }
                  }
                  backends {
                    app { endpoints = ["127.0.0.1:9001"], idle-timeout = -5s, connect-timeout = soon }
                  }
                  shutdwn { drain-timeout = 1s }
                }
                """);
        assertProblem(problems, "weft.listeners.web.bind", ":3", "is not host:port");
        assertProblem(problems, "weft.listeners.web.backend", ":3", "did you mean 'app'?");
        assertProblem(problems, "weft.listeners.api.bind", ":4", "ports run from 0 to 65535");
        assertProblem(problems, "weft.listeners.api.max-conections", ":4", "did you mean 'max-connections'?");
        assertProblem(problems, "weft.backends.app.idle-timeout", ":7", "non-negative duration");
        assertProblem(problems, "weft.backends.app.connect-timeout", ":7", "must be a duration");
        assertProblem(problems, "weft.shutdwn", ":9", "did you mean 'shutdown'?");
        assertEquals(7, problems.size(), problems.toString());
    }

    @Test
    void structuralMistakesAreNamed() throws Exception {
        List<ConfigProblem> problems = problems("""
                weft {
                  listeners { web { bind = "127.0.0.1:7000", backend = app, protocol = udp } }
                  backends { app { endpoints = [], balancing = fastest } }
                  io { buffer-size = 4KiB, small-buffer-size = 8KiB, transport = jdk, splice = on }
                }
                wft { }
                """);
        assertProblem(problems, "weft.listeners.web.protocol", ":2", "must be one of tcp");
        assertProblem(problems, "weft.backends.app.endpoints", ":3", "at least one endpoint");
        assertProblem(problems, "weft.backends.app.balancing", ":3",
                "round-robin | least-connections | power-of-two-choices | random");
        assertProblem(problems, "weft.io.small-buffer-size", ":4", "must not exceed buffer-size");
        assertProblem(problems, "weft.io.splice", ":4", "splice = on needs transport = native");
        assertProblem(problems, "wft", ":6", "did you mean 'weft'?");
    }

    @Test
    void twoListenersOnOneAddressAreRejected() throws Exception {
        List<ConfigProblem> problems = problems("""
                weft {
                  listeners {
                    a { bind = "127.0.0.1:7000", backend = app }
                    b { bind = "127.0.0.1:7000", backend = app }
                  }
                  backends.app.endpoints = ["127.0.0.1:9001"]
                }
                """);
        assertProblem(problems, "weft.listeners.b.bind", ":4", "already bound by listener 'a'");
    }

    @Test
    void aMissingRootAndMalformedHoconAreReportedWithTheirLine() throws Exception {
        assertProblem(problems("listeners { }\n"), "weft", "weft.conf", "no root key 'weft'");
        assertProblem(problems("weft {\n  listeners {\n    web { bind = \n"), "weft", "weft.conf:",
                "");
        Path missing = dir.resolve("absent.conf");
        List<ConfigProblem> absent = assertThrows(InvalidConfigException.class,
                () -> ConfigLoader.fromFile(missing, new Properties())).problems();
        assertTrue(absent.getFirst().toString().contains("absent.conf"), absent.toString());
    }

    @Test
    void systemPropertiesOverrideAnyKey() throws Exception {
        Properties overrides = new Properties();
        overrides.setProperty("weft.backends.app.connect-timeout", "1s");
        overrides.setProperty("weft.listeners.web.max-connections", "7");
        overrides.setProperty("weft.backends.app.endpoints", "127.0.0.1:9101, 127.0.0.1:9102");
        overrides.setProperty("java.home", "/ignored: only weft.* properties take part");
        WeftConfig config = ConfigLoader.fromFile(write(MINIMAL), overrides);
        assertEquals(Duration.ofSeconds(1), config.backends().get("app").connectTimeout());
        assertEquals(7, config.listeners().get("web").maxConnections());
        assertEquals(List.of(9101, 9102), endpointPorts(config));
    }

    @Test
    void indexedSystemPropertiesOverrideAList() throws Exception {
        Properties overrides = new Properties();
        overrides.setProperty("weft.backends.app.endpoints.0", "127.0.0.1:9201");
        overrides.setProperty("weft.backends.app.endpoints.1", "127.0.0.1:9202");
        assertEquals(List.of(9201, 9202), endpointPorts(ConfigLoader.fromFile(write(MINIMAL), overrides)));
    }

    private static List<Integer> endpointPorts(WeftConfig config) {
        return config.backends().get("app").endpoints().stream().map(HostPort::port).toList();
    }

    @Test
    void aMisspeltSystemPropertyIsAnErrorThatSaysWhereItCameFrom() throws Exception {
        Properties overrides = new Properties();
        overrides.setProperty("weft.backends.app.idle-timout", "5m");
        assertProblem(problems(MINIMAL, overrides), "weft.backends.app.idle-timout", "system property",
                "did you mean 'idle-timeout'?");
    }

    private static void assertProblem(List<ConfigProblem> problems, String path, String origin, String message) {
        assertTrue(problems.stream().anyMatch(p -> p.path().equals(path) && p.origin().contains(origin)
                        && p.message().contains(message)),
                "expected a problem at " + path + " (" + origin + ") saying '" + message + "' in:\n"
                        + String.join("\n", problems.stream().map(ConfigProblem::toString).toList()));
    }
}
