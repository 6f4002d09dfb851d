package dev.weft.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Files an attacker or a typo writes: each is refused with problems that name the key and the file:line, and
 * nothing else escapes the loader (a stack overflow, a NullPointerException, a WrongType, an InvalidPathException).
 */
class HostileConfigTest {
    @TempDir
    Path dir;

    private static final String LISTENER = "listeners.web { bind = \"127.0.0.1:7000\", backend = app }\n";

    /** A whole file, and a key and a text the first problem must name. */
    record Case(String what, String hocon, String key, String says) {
        @Override
        public String toString() {
            return what;
        }
    }

    private static Case backend(String what, String settings, String key, String says) {
        return new Case(what, "weft {\n" + LISTENER + "backends.app {\nendpoints = [\"127.0.0.1:9001\"]\n"
                + settings + "\n}\n}\n", key, says);
    }

    private static Case group(String what, String settings, String key, String says) {
        return new Case(what, "weft {\n" + LISTENER + "backends.app.groups.g {\nendpoints = [\"127.0.0.1:9001\"]\n"
                + settings + "\n}\n}\n", "weft.backends.app.groups.g." + key, says);
    }

    static List<Case> cases() {
        return List.of(
                new Case("weft is a string", "weft = \"tcp\"\n", "weft", "must be an object"),
                new Case("weft is a list", "weft = [1, 2]\n", "weft", "must be an object"),
                new Case("nested 10,000 lists deep", "weft {\n" + LISTENER + "x = " + "[".repeat(10_000)
                        + "]".repeat(10_000) + "\n}\n", "weft", "nested too deeply"),
                new Case("nested 10,000 objects deep", "weft {\n" + LISTENER + "x = " + "{a = ".repeat(10_000)
                        + "1" + "}".repeat(10_000) + "\n}\n", "weft", "nested too deeply"),
                new Case("nested 40 deep", "weft {\n" + LISTENER + "x = " + "[".repeat(40) + "]".repeat(40)
                        + "\n}\n", "weft.x", "nested more than 32 levels"),
                new Case("a dns group of an empty object", "weft {\n" + LISTENER
                        + "backends.app.groups.g { dns = [{ }] }\n}\n", "weft.backends.app.groups.g.dns",
                        "must be a string"),
                new Case("a NUL in the access log path", "weft {\n" + LISTENER + "backends.app.endpoints = "
                        + "[\"127.0.0.1:1\"]\naccess-log.path = \"/tmp/a\\u0000b\"\n}\n", "weft.access-log.path",
                        "NUL"),
                new Case("a NUL in a certificate path", "weft {\nlisteners.web { bind = \"127.0.0.1:7000\", "
                        + "backend = app, protocol = tls, tls.certificates = [{ cert = \"a\\u0000\", key = \"k\" }] }"
                        + "\nbackends.app.endpoints = [\"127.0.0.1:1\"]\n}\n", "weft.listeners.web.tls.certificates.0"
                        + ".cert", "NUL"),
                group("NaN capacity-scaler", "capacity-scaler = NaN", "capacity-scaler", "between"),
                group("NaN distance", "distance = NaN", "distance", "whole number"),
                group("infinite max-connections", "max-connections = Infinity", "max-connections", "whole number"),
                backend("NaN consecutive failures", "health-check.ejection.consecutive-failures = NaN",
                        "weft.backends.app.health-check.ejection.consecutive-failures", "whole number"),
                backend("a fraction of retries", "connect-retries = 1.5", "weft.backends.app.connect-retries",
                        "whole number"),
                backend("a quoted fraction of retries", "connect-retries = \"1.5\"",
                        "weft.backends.app.connect-retries", "whole number"),
                backend("a 1 ns health-check interval", "health-check.interval = 1ns",
                        "weft.backends.app.health-check.interval", "at least 100ms"),
                backend("an object for a number", "connect-retries { a { b { c = 1, d = [1, 2, 3] } } }",
                        "weft.backends.app.connect-retries", "not an object { ... }"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachIsRefusedWithAProblemThatNamesTheKeyAndTheLine(Case hostile) throws IOException {
        Path file = Files.writeString(dir.resolve("weft.conf"), hostile.hocon());
        List<ConfigProblem> problems = assertThrows(InvalidConfigException.class,
                () -> ConfigLoader.fromFile(file, new Properties())).problems();
        ConfigProblem first = problems.getFirst();
        assertTrue(first.path().startsWith(hostile.key()), problems.toString());
        assertTrue(first.message().contains(hostile.says()), problems.toString());
        assertTrue(first.origin().contains("weft.conf"), "names the file: " + first);
        for (ConfigProblem problem : problems) {
            assertFalse(problem.toString().contains("\n"), "one line: " + problem);
            assertTrue(problem.toString().length() < 400, "short: " + problem);
        }
    }

    @Test
    void aFractionGivenAsAnOverrideIsRefusedToo() throws IOException {
        Path file = Files.writeString(dir.resolve("weft.conf"), "weft {\n" + LISTENER
                + "backends.app.endpoints = [\"127.0.0.1:1\"]\n}\n");
        Properties overrides = new Properties();
        overrides.setProperty("weft.backends.app.connect-retries", "2.5");
        overrides.setProperty("weft.backends.app.health-check.healthy-threshold", "3.0");
        List<ConfigProblem> problems = assertThrows(InvalidConfigException.class,
                () -> ConfigLoader.fromFile(file, overrides)).problems();
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("weft.backends.app.connect-retries", problems.getFirst().path());
    }
}
