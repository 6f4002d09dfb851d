package dev.weft.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Values a client chose cannot forge or break a record: each record is one line, valid JSON or key=value pairs, and
 * every value reads back exactly as it was recorded.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AccessLogEscapingTest {
    private static final String[] HOSTILE = {
        "api.example.com\n2026-12-01T00:00:00Z 0.1ms listener=admin client=10.0.0.1:1",
        "x\" \"sni\":\"forged",
        "\u001b[31mred\u001b[0m and a bell \u0007",
        "back\\slash \\n not a newline",
        "tab\there\rcarriage",
        "cause=backend FIN",
        "-",
        "caf\u00e9 \u6f22\u5b57 \u2028 line separator \u0000 nul \u007f del",
        "plain.value:443",
    };

    private static List<AccessLog.Entry> entries() {
        List<AccessLog.Entry> entries = new ArrayList<>();
        for (String value : HOSTILE) {
            entries.add(new AccessLog.Entry(1_700_000_000_000L, 1500, 42, value, value, value, value, value, value,
                    value, value, value, value, value, value, value, new AccessLog.Timings(1000, 2500, -1, 1), value,
                    7, 9, value, value));
        }
        return entries;
    }

    private static List<String> written(boolean json) throws Exception {
        StringWriter out = new StringWriter();
        AccessLog log = new AccessLog(out, 1 << 16, json);
        for (AccessLog.Entry entry : entries()) {
            log.record(entry);
        }
        log.close();
        return out.toString().lines().toList();
    }

    @Test
    void jsonRecordsAreOneValidLineEachAndReadBackExactly() throws Exception {
        List<String> lines = written(true);
        assertEquals(HOSTILE.length, lines.size(), String.join("\n", lines));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            assertTrue(line.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "printable ASCII only: " + line);
            Config record = ConfigFactory.parseString(line, ConfigParseOptions.defaults()
                    .setSyntax(ConfigSyntax.JSON));
            for (String key : List.of("listener", "client", "sni", "client_subject", "cause")) {
                assertEquals(HOSTILE[i], record.getString(key), key + " in " + line);
            }
            assertEquals(7, record.getLong("bytes_in"));
        }
    }

    @Test
    void textRecordsAreOneLineOfPairsThatReadBackExactly() throws Exception {
        List<String> lines = written(false);
        assertEquals(HOSTILE.length, lines.size(), String.join("\n", lines));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            assertTrue(line.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "printable ASCII only: " + line);
            Map<String, String> pairs = pairs(line.substring(line.indexOf("ms ") + 3));
            assertEquals(List.of("id", "listener", "frontend", "client", "backend", "group", "endpoint",
                    "backend_source", "sni", "tls_version", "cipher", "client_subject", "client_names",
                    "client_sha256", "tried", "termination", "cause", "queue_ms", "handshake_ms", "connect_ms",
                    "retries", "bytes_in", "bytes_out"), List.copyOf(pairs.keySet()), line);
            assertEquals("42", pairs.get("id"));
            assertEquals("1.0", pairs.get("queue_ms"));
            assertEquals("2.5", pairs.get("handshake_ms"));
            assertEquals(null, pairs.get("connect_ms"), "a phase never reached is -");
            for (String key : List.of("listener", "sni", "client_subject", "cause")) {
                assertEquals(HOSTILE[i], pairs.get(key), key + " in " + line);
            }
        }
        assertTrue(lines.get(5).contains("cause=\"cause=backend FIN\""), lines.get(5));
        assertTrue(lines.get(8).contains(" sni=plain.value:443 "), "plain values stay bare: " + lines.get(8));
    }

    @Test
    void anEmptyValueIsADashAndADashIsQuoted() throws Exception {
        StringWriter out = new StringWriter();
        AccessLog log = new AccessLog(out, 1 << 16, false);
        log.record(new AccessLog.Entry(0, 0, 1, "front", null, "-", null, null, null, null, null, null, null, null,
                null, null, AccessLog.Timings.NONE, null, 0, 0, "--", "client FIN"));
        log.close();
        Map<String, String> pairs = pairs(out.toString().strip().substring(out.toString().indexOf("ms ") + 3));
        assertEquals("-", pairs.get("client"));
        assertEquals(null, pairs.get("backend"));
        assertTrue(out.toString().contains("client=\"-\" backend=- "), out.toString());
    }

    /**
     * A reader of the documented grammar: {@code key=value} pairs split by one space; a value is bare, "-" for
     * none, or quoted with the escapes of {@link dev.weft.log.LogText#value}. Null stands for "-".
     */
    static Map<String, String> pairs(String text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        int at = 0;
        while (at < text.length()) {
            int equals = text.indexOf('=', at);
            String key = text.substring(at, equals);
            at = equals + 1;
            StringBuilder value = new StringBuilder();
            boolean none = false;
            if (text.charAt(at) == '"') {
                at++;
                while (text.charAt(at) != '"') {
                    char c = text.charAt(at++);
                    if (c != '\\') {
                        value.append(c);
                        continue;
                    }
                    char escape = text.charAt(at++);
                    switch (escape) {
                        case 'n' -> value.append('\n');
                        case 'r' -> value.append('\r');
                        case 't' -> value.append('\t');
                        case 'x' -> {
                            value.append((char) Integer.parseInt(text.substring(at, at + 2), 16));
                            at += 2;
                        }
                        case 'u' -> {
                            value.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                            at += 4;
                        }
                        default -> value.append(escape);
                    }
                }
                at++;
            } else {
                int end = text.indexOf(' ', at);
                end = end < 0 ? text.length() : end;
                value.append(text, at, end);
                none = value.toString().equals("-");
                at = end;
            }
            pairs.put(key, none ? null : value.toString());
            if (at < text.length()) {
                assertEquals(' ', text.charAt(at), "pairs are split by one space: " + text);
                at++;
            }
        }
        return pairs;
    }
}
