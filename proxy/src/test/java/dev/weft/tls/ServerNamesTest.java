package dev.weft.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ServerNamesTest {
    @Test
    void hostNamesAreLowerCasedAndLoseOneTrailingDot() {
        assertEquals("api.example.com", ServerNames.hostName("API.Example.com"));
        assertEquals("api.example.com", ServerNames.hostName("api.example.com."));
        assertEquals("localhost", ServerNames.hostName("localhost"));
        assertEquals("x-1.example", ServerNames.hostName("x-1.example"));
        assertEquals("1password.example", ServerNames.hostName("1password.example"));
        assertEquals("a".repeat(63) + ".b", ServerNames.hostName("a".repeat(63) + ".b"));
        String longest = ("a".repeat(62) + ".").repeat(4) + "b";
        assertEquals(253, longest.length());
        assertEquals(longest, ServerNames.hostName(longest));
    }

    @Test
    void anythingElseIsNotAName() {
        for (String bad : new String[] {"", ".", "api.example.com..", "a..b", ".a", "-a.b", "a-.b",
                "a\nb", "a\"b", "\u001b[31m", "a b", "a\u0000b", "caf\u00e9.example", "a_b.example", "*.example",
                "192.0.2.1", "10.0.0.1.", "[::1]", "::1", "a".repeat(64) + ".b", ("a".repeat(62) + ".").repeat(4)
                + "bc"}) {
            assertNull(ServerNames.hostName(bad), bad);
        }
        assertNull(ServerNames.hostName(null));
    }
}
