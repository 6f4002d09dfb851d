package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.config.ControlConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --pid P} finds the control socket wherever the process's configuration put it. */
class ControlSocketLocatorTest {
    @TempDir
    Path dir;

    private static final List<String> JVM = List.of("/usr/lib/jvm/temurin-25/bin/java", "-Xmx1g",
            "--enable-native-access=ALL-UNNAMED", "-jar", "/opt/weft/lib/weft.jar");

    private static List<String> command(List<String> before, List<String> after) {
        List<String> all = new java.util.ArrayList<>(JVM.subList(0, 2));
        all.addAll(before);
        all.addAll(JVM.subList(2, JVM.size()));
        all.addAll(after);
        return all;
    }

    @Test
    void theSystemdUnitsOverrideIsFound() {
        assertEquals(Path.of("/run/weft/weft.sock"), ControlSocketLocator.socketOf(42,
                command(List.of("-Dweft.control.socket=/run/weft/weft.sock"), List.of("run", "--config",
                        "/nonexistent/weft.conf")), dir));
    }

    @Test
    void theConfigFilesSocketIsFoundRelativeToTheProcessDirectory() throws Exception {
        Files.writeString(dir.resolve("weft.conf"), """
                weft {
                  listeners.web { bind = "127.0.0.1:0", backend = app }
                  backends.app.endpoints = ["127.0.0.1:1"]
                  control.socket = "/var/run/custom.sock"
                }
                """);
        assertEquals(Path.of("/var/run/custom.sock"), ControlSocketLocator.socketOf(42,
                command(List.of(), List.of("run", "--config", "weft.conf")), dir));
        assertEquals(Path.of("/tmp/override.sock"), ControlSocketLocator.socketOf(42,
                command(List.of("-Dweft.control.socket=/tmp/override.sock"), List.of("run", "--config=weft.conf")),
                dir), "an override wins over the file, as it did for the process");
    }

    @Test
    void withoutEitherItIsTheDefault() {
        assertEquals(ControlConfig.defaultPath(42), ControlSocketLocator.socketOf(42,
                command(List.of(), List.of("demo")), dir));
        assertEquals(ControlConfig.defaultPath(Long.MAX_VALUE), ControlSocketLocator.socketOf(Long.MAX_VALUE),
                "no such process");
    }
}
