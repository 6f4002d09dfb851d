package dev.weft.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class StatisticsTest {

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(3.0, Medians.median(List.of(5.0, 1.0, 3.0)));
        assertEquals(2.5, Medians.median(List.of(4.0, 1.0, 3.0, 2.0)));
        assertEquals(Double.NaN, Medians.median(List.of()));
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

    @Test
    void foldingRoundsTakesEachFiguresMedianAndMergesLatencies() {
        List<ScenarioResult> rounds = List.of(round(10, 100), round(30, 300), round(20, 200));
        ScenarioResult folded = Medians.fold(rounds);
        assertEquals(20.0, folded.figures().get("requests_per_s"));
        assertEquals(3, folded.latency().getTotalCount());
        assertEquals(300, ScenarioResult.micros(folded.latency().getMaxValue()), 1);
    }

    private static ScenarioResult round(double rate, long latencyMicros) {
        Histogram latency = ScenarioResult.newHistogram();
        latency.recordValue(latencyMicros * 1000);
        return new ScenarioResult("rr", "weft-jdk", Map.of("requests_per_s", rate), latency);
    }
}
