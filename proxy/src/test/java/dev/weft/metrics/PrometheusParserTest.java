package dev.weft.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.testkit.PrometheusParser;
import org.junit.jupiter.api.Test;

/** The test parser accepts what the format allows and refuses what it does not, so AdminIT's check means it. */
class PrometheusParserTest {

    @Test
    void acceptsWellFormedTextAndRefusesTheRest() {
        String good = """
                # HELP weft_up 1 while serving
                # TYPE weft_up gauge
                weft_up 1
                # HELP x_seconds a histogram
                # TYPE x_seconds histogram
                x_seconds_bucket{a="q\\"uote",le="0.1"} 1
                x_seconds_bucket{a="q\\"uote",le="+Inf"} 3
                x_seconds_sum{a="q\\"uote"} 0.5
                x_seconds_count{a="q\\"uote"} 3
                """;
        assertEquals(5, PrometheusParser.parse(good).size());
        assertEquals("q\\\"uote", PrometheusParser.parse(good).get(1).labels().get("a"));
        assertThrows(AssertionError.class, () -> PrometheusParser.parse("weft_up 1\n"), "no TYPE");
        assertThrows(AssertionError.class, () -> PrometheusParser.parse("# TYPE a gauge\na{b=\"c} 1\n"));
        assertThrows(AssertionError.class, () -> PrometheusParser.parse("# TYPE a gauge\na one\n"));
        assertThrows(AssertionError.class, () -> PrometheusParser.parse("""
                # TYPE h histogram
                h_bucket{le="1"} 5
                h_bucket{le="+Inf"} 3
                """), "shrinking buckets");
    }

    @Test
    void weftsOwnWriterProducesParsableText() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(2_000_000);
        String text = new PrometheusText()
                .sample(new Sample("weft_listener_connections_active", "gauge", "help", 3, "listener", "a\"b"))
                .histogram("weft_backend_connect_seconds", "help", histogram.snapshot(), "backend", "app")
                .toString();
        assertEquals(1 + LatencyHistogram.BOUNDS.length + 3, PrometheusParser.parse(text).size());
    }
}
