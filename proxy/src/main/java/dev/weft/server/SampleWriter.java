package dev.weft.server;

import dev.weft.balance.TrafficCounters;
import dev.weft.metrics.Sample;
import java.util.List;

/** Collects samples with the brevity of a writer. */
record SampleWriter(List<Sample> into) {

    void sample(String name, String type, String help, long value, String... labels) {
        into.add(new Sample(name, type, help, value, labels));
    }

    /** Connections, failed connects and bytes each way, under one prefix. */
    void traffic(String prefix, TrafficCounters counters, String[] labels) {
        sample(prefix + "_connections_total", "counter", "Connections made", counters.connections(), labels);
        sample(prefix + "_connect_failures_total", "counter", "Connects that failed", counters.failures(), labels);
        sample(prefix + "_received_bytes_total", "counter", "Bytes from clients, closed connections",
                counters.bytesIn(), labels);
        sample(prefix + "_sent_bytes_total", "counter", "Bytes to clients, closed connections", counters.bytesOut(),
                labels);
    }
}
