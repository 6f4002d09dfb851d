package dev.weft.server;

import dev.weft.balance.Backend;
import dev.weft.balance.Endpoint;
import dev.weft.balance.EndpointGroup;
import dev.weft.balance.TrafficCounters;
import dev.weft.listener.Listener;
import dev.weft.metrics.AccessLog;
import dev.weft.metrics.ListenerCounters;
import dev.weft.metrics.PrometheusText;
import dev.weft.metrics.Sample;
import dev.weft.tls.ServerTls;
import dev.weft.tls.openssl.OpenSslGauges;
import dev.weft.transport.BufferPool;
import dev.weft.transport.Transport;
import dev.weft.transport.TransportGauge;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** {@code GET /metrics}: every counter and gauge of a running Weft, named as Prometheus conventions want. */
final class MetricsPage {
    private MetricsPage() {
    }

    /** The Prometheus page: every sample, then the histograms. */
    static String render(Collection<Listener> listeners, Map<String, ServerTls> tls, Collection<Backend> backends,
                         List<BufferPool> pools, Transport transport, AccessLog accessLog, boolean draining) {
        PrometheusText text = new PrometheusText();
        samples(listeners, tls, backends, pools, transport, accessLog, draining).forEach(text::sample);
        for (Listener listener : listeners) {
            if (!tls.containsKey(listener.name())) {
                continue; // A listener that does not terminate TLS has no handshakes to time.
            }
            text.histogram("weft_listener_tls_handshake_seconds", "Time to complete a client TLS handshake",
                    listener.counters().handshakeTime().snapshot(), "listener", listener.name());
        }
        for (Backend backend : backends) {
            text.histogram("weft_backend_connect_seconds", "Time to connect to an endpoint",
                    backend.connectTime().snapshot(), "backend", backend.name());
        }
        return text.toString();
    }

    /** Every counter and gauge, for the page and for the counters file alike. */
    static List<Sample> samples(Collection<Listener> listeners, Map<String, ServerTls> tls,
                                Collection<Backend> backends, List<BufferPool> pools, Transport transport,
                                AccessLog accessLog, boolean draining) {
        List<Sample> samples = new ArrayList<>();
        Samples text = new Samples(samples);
        text.sample("weft_up", "gauge", "1 while serving, 0 while draining", draining ? 0 : 1);
        for (Listener listener : listeners) {
            String name = listener.name();
            ListenerCounters counters = listener.counters();
            text.sample("weft_listener_connections_accepted_total", "counter", "Clients accepted",
                    counters.accepted(), "listener", name);
            text.sample("weft_listener_connections_active", "gauge", "Clients accepted and not yet closed",
                    listener.activeSessions(), "listener", name);
            text.sample("weft_listener_connections_refused_total", "counter",
                    "Clients closed because no endpoint had room or took the connection", counters.refused(), "listener", name);
            counters.limited().forEach((reason, count) -> text.sample("weft_listener_connections_limited_total",
                    "counter", "Clients closed by the access list or a limit, before any handshake or connect, by "
                    + "reason", count, "listener", name, "reason", reason));
            if (listener.config().limits().perClient()) {
                text.sample("weft_listener_tracked_clients", "gauge", "Clients the per-client limits remember",
                        listener.trackedClients(), "listener", name);
            }
            ServerTls terminating = tls.get(name);
            if (terminating != null) {
                text.sample("weft_listener_handshakes_total", "counter", "TLS handshakes, by result",
                        counters.handshakesOk(), "listener", name, "result", "ok");
                text.sample("weft_listener_handshakes_total", "counter", "TLS handshakes, by result",
                        counters.handshakesFailed(), "listener", name, "result", "failed");
                counters.handshakeFailures().forEach((reason, count) -> text.sample(
                        "weft_listener_handshake_failures_total", "counter", "Failed TLS handshakes, by reason",
                        count, "listener", name, "reason", reason));
                text.sample("weft_listener_tls_sessions_total", "counter", "Completed TLS handshakes, full or "
                        + "resumed, since the listener's TLS settings last changed", terminating.fullHandshakes(),
                        "listener", name, "engine", terminating.engine(), "kind", "full");
                text.sample("weft_listener_tls_sessions_total", "counter", "Completed TLS handshakes, full or "
                        + "resumed, since the listener's TLS settings last changed", terminating.resumedHandshakes(),
                        "listener", name, "engine", terminating.engine(), "kind", "resumed");
            }
            text.sample("weft_listener_received_bytes_total", "counter", "Bytes from clients, closed connections",
                    counters.bytesIn(), "listener", name);
            text.sample("weft_listener_sent_bytes_total", "counter", "Bytes to clients, closed connections",
                    counters.bytesOut(), "listener", name);
        }
        long threads = 0;
        for (Listener listener : listeners) {
            threads += listener.counters().threads();
        }
        text.sample("weft_openssl_contexts", "gauge", "OpenSSL contexts of listeners and backends not yet freed "
                + "(a replaced one lives on until its last connection ends)", OpenSslGauges.contexts());
        text.sample("weft_openssl_connections", "gauge", "OpenSSL connections (SSL objects) not yet freed",
                OpenSslGauges.connections());
        text.sample("weft_virtual_threads", "gauge", "Virtual threads of open sessions (two per proxied connection)",
                threads);
        for (Backend backend : backends) {
            long active = 0;
            long connections = 0;
            long failures = 0;
            long in = 0;
            long out = 0;
            for (EndpointGroup group : backend.groups()) {
                active += group.active();
                connections += group.counters().connections();
                failures += group.counters().failures();
                in += group.counters().bytesIn();
                out += group.counters().bytesOut();
            }
            text.sample("weft_backend_connections_active", "gauge", "Open connections to the backend", active,
                    "backend", backend.name());
            text.sample("weft_backend_connections_total", "counter", "Connections made", connections, "backend",
                    backend.name());
            text.sample("weft_backend_connect_failures_total", "counter", "Connects that failed", failures,
                    "backend", backend.name());
            text.sample("weft_backend_received_bytes_total", "counter", "Bytes from clients, closed connections",
                    in, "backend", backend.name());
            text.sample("weft_backend_sent_bytes_total", "counter", "Bytes to clients, closed connections", out,
                    "backend", backend.name());
            for (EndpointGroup group : backend.groups()) {
                String[] labels = {"backend", backend.name(), "group", group.name()};
                text.sample("weft_group_up", "gauge", "1 while the group has an endpoint taking new connections",
                        group.isUp() ? 1 : 0, labels);
                text.sample("weft_group_connections_active", "gauge", "Open connections to the group",
                        group.active(), labels);
                traffic(text, "weft_group", group.counters(), labels);
                for (Endpoint endpoint : group.endpoints()) {
                    String[] endpointLabels = {"backend", backend.name(), "group", group.name(), "endpoint",
                            endpoint.address().getAddress().getHostAddress() + ":" + endpoint.address().getPort()};
                    text.sample("weft_endpoint_up", "gauge", "1 if the endpoint takes new connections",
                            endpoint.health().isUp() ? 1 : 0, endpointLabels);
                    text.sample("weft_endpoint_connections_active", "gauge", "Open connections to the endpoint",
                            endpoint.active(), endpointLabels);
                    traffic(text, "weft_endpoint", endpoint.counters(), endpointLabels);
                }
            }
        }
        long buffers = 0;
        for (BufferPool pool : pools) {
            buffers += pool.allocated() - pool.available();
        }
        text.sample("weft_buffers_in_use", "gauge", "Pooled off-heap buffers lent out", buffers);
        if (accessLog != null) {
            text.sample("weft_access_log_records_total", "counter", "Access log records, written or dropped "
                    + "because the ring was full", accessLog.written(), "result", "written");
            text.sample("weft_access_log_records_total", "counter", "Access log records, written or dropped "
                    + "because the ring was full", accessLog.dropped(), "result", "dropped");
        }
        for (TransportGauge gauge : transport.gauges()) {
            text.sample(gauge.name(), "gauge", gauge.help(), gauge.value());
        }
        return samples;
    }

    /** Collects samples with the brevity of a writer. */
    private record Samples(List<Sample> into) {
        void sample(String name, String type, String help, long value, String... labels) {
            into.add(new Sample(name, type, help, value, labels));
        }
    }

    private static void traffic(Samples text, String prefix, TrafficCounters counters, String[] labels) {
        text.sample(prefix + "_connections_total", "counter", "Connections made", counters.connections(), labels);
        text.sample(prefix + "_connect_failures_total", "counter", "Connects that failed", counters.failures(),
                labels);
        text.sample(prefix + "_received_bytes_total", "counter", "Bytes from clients, closed connections",
                counters.bytesIn(), labels);
        text.sample(prefix + "_sent_bytes_total", "counter", "Bytes to clients, closed connections",
                counters.bytesOut(), labels);
    }
}
