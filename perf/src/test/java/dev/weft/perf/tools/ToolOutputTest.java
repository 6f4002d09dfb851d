package dev.weft.perf.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every parser against output captured from the tool on this project's machine (src/test/resources/tool-output). */
class ToolOutputTest {

    static String captured(String name) throws IOException {
        try (InputStream in = ToolOutputTest.class.getResourceAsStream("/tool-output/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void iperf3JsonGivesTheReceiversBytesAndDuration() throws Exception {
        IperfJson one = IperfJson.parse(captured("iperf-up1.json"));
        assertEquals(3_061_841_920L, one.bytes());
        assertEquals(1.000139, one.seconds(), 1e-9);
        assertEquals(24.49, one.gbps(), 0.01);
        IperfJson eight = IperfJson.parse(captured("iperf-down8.json"));
        assertEquals(23.53, eight.gbps(), 0.01);
    }

    @Test
    void iperf3ErrorsAndNonJsonAreReported() {
        ToolOutputException error = assertThrows(ToolOutputException.class,
                () -> IperfJson.parse("{\"start\": {}, \"error\": \"unable to connect to server: Connection refused\"}"));
        assertEquals("iperf3: unable to connect to server: Connection refused", error.getMessage());
        assertThrows(ToolOutputException.class, () -> IperfJson.parse("iperf3: error - the server is busy"));
        assertThrows(ToolOutputException.class, () -> IperfJson.parse("{\"end\": {}}"));
    }

    @Test
    void sockperfGivesRepliesAndRoundTripPercentilesThroughItsColours() throws Exception {
        SockperfOutput pingPong = SockperfOutput.parse(captured("sockperf-pp.txt"));
        assertEquals(25_767, pingPong.replies());
        assertEquals(37_031, pingPong.totalReplies());
        assertEquals(1.549, pingPong.seconds(), 1e-9);
        assertEquals(16_634, pingPong.repliesPerSecond(), 1);
        assertEquals(Map.of(99.999, 1046.060, 99.99, 715.751, 99.9, 147.608, 99.0, 98.976, 90.0, 72.667,
                75.0, 65.246, 50.0, 56.433, 25.0, 53.569, 100.0, 1046.060), pingPong.roundTrips().micros());

        // under-load: sockperf's own "interrupted by signal" line lands among the percentiles.
        SockperfOutput underLoad = SockperfOutput.parse(captured("sockperf-ul.txt"));
        assertEquals(List.of(153L, 200L, 49.107, 61.675), List.of(underLoad.replies(), underLoad.totalReplies(),
                underLoad.roundTrips().at(50), underLoad.roundTrips().at(75)));
    }

    @Test
    void wrkGivesRequestsDurationPercentilesInMicrosAndErrors() throws Exception {
        WrkOutput keepAlive = WrkOutput.parse(captured("wrk-ka.txt"));
        assertEquals(287_337, keepAlive.requests());
        assertEquals(2.0, keepAlive.seconds(), 1e-9);
        assertEquals(104, keepAlive.latency().at(50), 1e-9);
        assertEquals(309, keepAlive.latency().at(99), 1e-9);
        assertEquals(0, keepAlive.errors());
        WrkOutput close = WrkOutput.parse(captured("wrk-close.txt"));
        assertEquals(44_826 / 2.1, close.requestsPerSecond(), 1e-6);
        assertEquals(990, close.latency().at(90), 1e-9);
        assertEquals(1170, close.latency().at(99), 1e-9);

        String withErrors = captured("wrk-ka.txt").replace("Requests/sec:", "  Socket errors: connect 3, read 4,"
                + " write 0, timeout 2\n  Non-2xx or 3xx responses: 10\nRequests/sec:");
        assertEquals(19, WrkOutput.parse(withErrors).errors());
    }

    @Test
    void redisBenchmarkCsvCombinesTheCommandsAsOneRun() throws Exception {
        RedisBenchmarkCsv csv = RedisBenchmarkCsv.parse(captured("redis.csv"));
        assertEquals(2, csv.rows().size());
        assertEquals("SET", csv.rows().getFirst().test());
        assertEquals(287, csv.rows().getFirst().p50Micros(), 1e-9);
        // Two commands of equal -n, one after the other: the harmonic mean of their rates.
        assertEquals(2 / (1 / 90415.91 + 1 / 91240.88), csv.requestsPerSecond(), 1e-6);
        assertEquals(591, csv.p99Micros(), 1e-9);
    }

    @Test
    void sTimeCountsConnectionsAndHowManyResumed() throws Exception {
        STimeOutput full = STimeOutput.parse(captured("stime-new.txt"));
        assertEquals(1554, full.connections());
        assertEquals(0, full.resumed());
        STimeOutput reuse = STimeOutput.parse(captured("stime-reuse.txt"));
        assertEquals(3442, reuse.connections());
        assertTrue(reuse.resumedFraction() > 0.99, "nearly all resumed: " + reuse);
        String notResumed = java.util.regex.Pattern.compile("(?m)^r+$").matcher(captured("stime-reuse.txt"))
                .replaceAll(m -> "*".repeat(m.group().length()));
        assertEquals(0, STimeOutput.parse(notResumed).resumed());
    }

    @Test
    void straceSummaryCountsCallsAndErrorsPerSystemCall() throws Exception {
        StraceSummary summary = StraceSummary.parse(captured("strace.txt"));
        assertEquals(13_244, summary.total());
        assertEquals(6460, summary.calls().get("writev"));
        assertEquals(0, summary.totalErrors());
        StraceSummary withErrors = StraceSummary.parse("""
                % time     seconds  usecs/call     calls    errors syscall
                ------ ----------- ----------- --------- --------- ----------------
                 50.00    0.100000          10     10000      5000 read
                 50.00    0.100000          10      2000           epoll_ctl
                ------ ----------- ----------- --------- --------- ----------------
                100.00    0.200000          16     12000      5000 total
                """);
        assertEquals(12_000, withErrors.total());
        assertEquals(5000, withErrors.errors().get("read"));
        assertEquals(5000, withErrors.totalErrors());
    }

    @Test
    void outputWithoutTheFiguresIsAnErrorNamingTheTool() {
        assertThrows(ToolOutputException.class, () -> SockperfOutput.parse("sockperf: ERROR: connect failed"));
        assertThrows(ToolOutputException.class, () -> WrkOutput.parse("unable to connect to 127.0.0.1:1"));
        assertThrows(ToolOutputException.class, () -> RedisBenchmarkCsv.parse("Could not connect to Redis"));
        assertThrows(ToolOutputException.class, () -> STimeOutput.parse("connect: Connection refused\nERROR"));
        ToolOutputException strace = assertThrows(ToolOutputException.class, () -> StraceSummary.parse(
                "strace: attach: ptrace(PTRACE_SEIZE, 1): Operation not permitted"));
        assertTrue(strace.getMessage().startsWith("strace -c wrote no summary table"), strace.getMessage());
    }
}
