package dev.weft.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OptionsTest {
    private static Options parse(String... args) {
        return Options.parse(List.of(args), Set.of("target", "duration", "size", "connections"), Set.of("quick"));
    }

    @Test
    void valuedOptionsFlagsAndPositionalsAreSeparated() {
        Options options = parse("sink", "--target", "127.0.0.1:9000", "--duration=500ms", "--quick", "--size", "16k");
        assertEquals(List.of("sink"), options.positional());
        assertEquals(9000, options.address("target").getPort());
        assertEquals(Duration.ofMillis(500), options.duration("duration", Duration.ZERO));
        assertTrue(options.flag("quick"));
        assertEquals(16 * 1024, options.size("size", 64, 1, 1 << 20));
    }

    @Test
    void durationsAndSizesTakeTheirUnits() {
        assertEquals(Duration.ofSeconds(10), Options.parseDuration("--d", "10"));
        assertEquals(Duration.ofMillis(1500), Options.parseDuration("--d", "1.5s"));
        assertEquals(Duration.ofMinutes(2), Options.parseDuration("--d", "2m"));
        assertEquals(1 << 20, parse("--size", "1m").size("size", 64, 1, 16 << 20));
        assertEquals("0:0:0:0:0:0:0:1", Options.parseAddress("--t", "[::1]:80").getAddress().getHostAddress());
    }

    @Test
    void mistakesAreUsageErrorsThatNameTheOption() {
        assertMessage("unknown option --tagret", () -> parse("--tagret", "x"));
        assertMessage("--target needs a value", () -> parse("--target"));
        assertMessage("--target is required", () -> parse().address("target"));
        assertMessage("--target must be host:port", () -> parse("--target", "localhost").address("target"));
        assertMessage("--connections must be between 1 and 10", () -> parse("--connections", "0")
                .integer("connections", 1, 1, 10));
        assertMessage("--connections must be a whole number", () -> parse("--connections", "many")
                .integer("connections", 1, 1, 10));
        assertMessage("--duration must be a duration", () -> parse("--duration", "soon")
                .duration("duration", Duration.ZERO));
        assertMessage("--size must be a size", () -> parse("--size", "big").size("size", 1, 1, 10));
    }

    private static void assertMessage(String expected, Runnable action) {
        UsageException e = assertThrows(UsageException.class, action::run);
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}
