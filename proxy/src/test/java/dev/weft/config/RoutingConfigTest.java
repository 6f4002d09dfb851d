package dev.weft.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Groups, weights, affinity, PROXY protocol and the richer health checks, as the config file spells them. */
class RoutingConfigTest {
    @TempDir
    Path dir;

    private WeftConfig load(String hocon) throws Exception {
        return ConfigLoader.fromFile(Files.writeString(dir.resolve("weft.conf"), hocon), new Properties());
    }

    private List<ConfigProblem> problems(String hocon) throws Exception {
        Path file = Files.writeString(dir.resolve("weft.conf"), hocon);
        return assertThrows(InvalidConfigException.class, () -> ConfigLoader.fromFile(file, new Properties()))
                .problems();
    }

    @Test
    void everyRoutingKeyIsAccepted() throws Exception {
        WeftConfig config = load("""
                weft {
                  listeners.front { bind = "127.0.0.1:7000", backend = app, accept-proxy-protocol = true,
                                    proxy-protocol-timeout = 2s }
                  backends.app {
                    groups {
                      near { endpoints = ["127.0.0.1:9001", { address = "127.0.0.1:9002", weight = 3 }], distance = 0,
                             max-connections-per-endpoint = 100, max-connections = 150, capacity-scaler = 0.5,
                             weight = 2 }
                      far { endpoints = ["127.0.0.1:9101"], distance = auto, capacity-scaler = 0 }
                    }
                    session-affinity = client-ip
                    proxy-protocol = v2
                    health-check { type = send-expect, send = "PING\\r\\n", expect = "+PONG", port = 9999,
                                   ejection { consecutive-failures = 3, duration = 10s } }
                  }
                }
                """);
        ListenerConfig front = config.listeners().get("front");
        assertTrue(front.acceptProxyProtocol());
        assertEquals(Duration.ofSeconds(2), front.proxyProtocolTimeout());
        BackendConfig app = config.backends().get("app");
        GroupConfig near = app.groups().stream().filter(g -> g.name().equals("near")).findFirst().orElseThrow();
        assertEquals(new GroupConfig("near", List.of(
                new GroupConfig.Member(HostPort.parse("127.0.0.1:9001", false), 2),
                new GroupConfig.Member(HostPort.parse("127.0.0.1:9002", false), 3)), 0, 100, 150, 0.5, 2, null,
                Duration.ofSeconds(30)), near);
        GroupConfig far = app.groups().stream().filter(g -> g.name().equals("far")).findFirst().orElseThrow();
        assertEquals(GroupConfigReader.AUTO_DISTANCE, far.distance());
        assertEquals(0.0, far.capacityScaler());
        assertEquals(SessionAffinity.CLIENT_IP, app.sessionAffinity());
        assertEquals(ProxyProtocolVersion.V2, app.proxyProtocol());
        assertEquals(new HealthCheckConfig(true, Duration.ofSeconds(5), Duration.ofSeconds(2), 2, 2,
                HealthCheckType.SEND_EXPECT, "PING\r\n", "+PONG", 9999, 3, Duration.ofSeconds(10)), app.healthCheck());
        assertEquals(3, app.endpoints().size());
    }

    @Test
    void routingMistakesAreNamed() throws Exception {
        List<ConfigProblem> problems = problems("""
                weft {
                  listeners.front { bind = "127.0.0.1:7000", backend = app }
                  backends {
                    app {
                      endpoints = ["127.0.0.1:9001"]
                      groups.g { endpoints = [{ adress = "127.0.0.1:1" }], distance = far, capacity-scaler = 0.05 }
                      proxy-protocol = v3
                      health-check { type = send-expect }
                    }
                    other { endpoints = ["127.0.0.1:9002"], health-check.expect = "+OK" }
                  }
                }
                """);
        assertProblem(problems, "weft.backends.app.groups", "either endpoints = [...] or groups");
        assertProblem(problems, "weft.backends.app.groups.g.endpoints.0.adress", "did you mean 'address'?");
        assertProblem(problems, "weft.backends.app.groups.g.distance", "must be a whole number");
        assertProblem(problems, "weft.backends.app.groups.g.capacity-scaler", "0 (drain the group) or between 0.1");
        assertProblem(problems, "weft.backends.app.proxy-protocol", "must be one of none | v1 | v2");
        assertProblem(problems, "weft.backends.app.health-check.expect", "type = send-expect needs expect");
        assertProblem(problems, "weft.backends.other.health-check.expect", "applies only to type = send-expect");
    }

    private static void assertProblem(List<ConfigProblem> problems, String path, String message) {
        assertTrue(problems.stream().anyMatch(p -> p.path().equals(path) && p.message().contains(message)),
                "expected a problem at " + path + " saying '" + message + "' in:\n"
                        + String.join("\n", problems.stream().map(ConfigProblem::toString).toList()));
    }
}
