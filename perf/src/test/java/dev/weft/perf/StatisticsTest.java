package dev.weft.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class StatisticsTest {

    @Test
    void spreadIsTheMedianWithTheLowestAndHighestFiniteValue() {
        assertEquals(new Spread(3.0, 1.0, 5.0, 3), Spread.of(List.of(5.0, 1.0, 3.0)));
        assertEquals(new Spread(2.5, 1.0, 4.0, 4), Spread.of(List.of(4.0, 1.0, Double.NaN, 3.0, 2.0)));
        assertFalse(Spread.of(List.of(Double.NaN)).present());
        assertFalse(Spread.of(List.of()).present());
    }

    @Test
    void ratiosAreTakenRoundByRoundNotFromTheMedians() {
        Rounds rounds = new Rounds(3);
        double[] weft = {100, 200, 300};
        double[] haproxy = {100, 400, 150};
        for (int round = 1; round <= 3; round++) {
            rounds.add("http-keepalive", "weft-native-splice", round, Map.of("requests_per_s", weft[round - 1]));
            rounds.add("http-keepalive", "haproxy", round, Map.of("requests_per_s", haproxy[round - 1]));
        }
        Spread ratio = rounds.ratio("http-keepalive", "weft-native-splice", "requests_per_s", List.of("haproxy"),
                true);
        // Round by round: 1.0, 0.5, 2.0. The ratio of the medians (200 / 150) would be 1.33.
        assertEquals(new Spread(1.0, 0.5, 2.0, 3), ratio);
    }

    @Test
    void theBestPeerIsTheHighestRateOrTheLowestLatencyOfThatRound() {
        Rounds rounds = new Rounds(2);
        rounds.add("rr", "weft", 1, Map.of("rate", 90.0, "p99_us", 20.0));
        rounds.add("rr", "haproxy", 1, Map.of("rate", 100.0, "p99_us", 10.0));
        rounds.add("rr", "nginx", 1, Map.of("rate", 80.0, "p99_us", 40.0));
        rounds.add("rr", "weft", 2, Map.of("rate", 90.0, "p99_us", 20.0));
        rounds.add("rr", "haproxy", 2, Map.of("rate", 60.0, "p99_us", 50.0));
        rounds.add("rr", "nginx", 2, Map.of("rate", 45.0, "p99_us", 40.0));
        List<String> peers = List.of("haproxy", "nginx");
        assertEquals(new Spread(1.2, 0.9, 1.5, 2), rounds.ratio("rr", "weft", "rate", peers, true));
        assertEquals(new Spread(1.25, 0.5, 2.0, 2), rounds.ratio("rr", "weft", "p99_us", peers, false));
    }

    @Test
    void addedLatencyIsTheTargetsFigureLessDirectsInTheSameRound() {
        Rounds rounds = new Rounds(2);
        rounds.add("rr", "direct", 1, Map.of("p99_us", 10.0));
        rounds.add("rr", "weft", 1, Map.of("p99_us", 25.0));
        rounds.add("rr", "direct", 2, Map.of("p99_us", 30.0));
        rounds.add("rr", "weft", 2, Map.of("p99_us", 35.0));
        rounds.addOverDirect("rr", "p99_us");
        assertEquals(List.of(15.0, 5.0), rounds.values("rr", "weft", "added_p99_us"));
        assertEquals(List.of(0.0, 0.0), rounds.values("rr", "direct", "added_p99_us"));
    }

    @Test
    void percentilesOfAKnownDistributionInMicroseconds() {
        Histogram latency = ScenarioResult.newHistogram();
        for (int micros = 1; micros <= 1000; micros++) {
            latency.recordValue(micros * 1000L);
        }
        Map<String, Double> figures = new LinkedHashMap<>();
        ScenarioResult.putPercentiles(figures, latency);
        assertEquals(List.of("p50_us", "p90_us", "p99_us", "p999_us", "max_us"), List.copyOf(figures.keySet()));
        assertEquals(500, figures.get("p50_us"), 1);
        assertEquals(900, figures.get("p90_us"), 1);
        assertEquals(990, figures.get("p99_us"), 1);
        assertEquals(999, figures.get("p999_us"), 1);
        assertEquals(1000, figures.get("max_us"), 1);
    }
}
