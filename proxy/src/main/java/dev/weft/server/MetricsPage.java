package dev.weft.server;

import dev.weft.balance.Backend;
import dev.weft.listener.Listener;
import dev.weft.metrics.AccessLog;
import dev.weft.metrics.ListenerCounters;
import dev.weft.metrics.ProcessMetrics;
import dev.weft.metrics.PrometheusText;
import dev.weft.metrics.Sample;
import dev.weft.tls.ServerCertificate;
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

    /** What the page is made from: the current generation's parts, and what outlives generations. */
    record Parts(Collection<Listener> listeners, Map<String, ServerTls> tls, Collection<Backend> backends,
                 Collection<Backend> removedBackends, List<BufferPool> pools, Transport transport,
                 AccessLog accessLog, boolean draining) {
    }

    /** The Prometheus page: every sample, then those in seconds, then the histograms. */
    static String render(Parts parts) {
        PrometheusText text = new PrometheusText();
        samples(parts).forEach(text::sample);
        ProcessMetrics.render(text);
        BackendMetrics.render(text, parts.backends());
        for (Listener listener : parts.listeners()) {
            if (!parts.tls().containsKey(listener.name())) {
                continue; // A listener that does not terminate TLS has no handshakes to time.
            }
            text.histogram("weft_listener_tls_handshake_seconds", "Time to complete a client TLS handshake",
                    listener.counters().handshakeTime().snapshot(), "listener", listener.name());
        }
        for (Backend backend : parts.backends()) {
            text.histogram("weft_backend_connect_seconds", "Time to connect to an endpoint",
                    backend.connectTime().snapshot(), "backend", backend.name());
        }
        return text.toString();
    }

    /** Every whole-number counter and gauge, for the page and for the counters file alike. */
    static List<Sample> samples(Parts parts) {
        List<Sample> samples = new ArrayList<>();
        SampleWriter out = new SampleWriter(samples);
        out.sample("weft_up", "gauge", "1 while serving, 0 while draining", parts.draining() ? 0 : 1);
        long threads = 0;
        for (Listener listener : parts.listeners()) {
            listener(out, listener, parts.tls().get(listener.name()));
            threads += listener.counters().threads();
        }
        out.sample("weft_openssl_contexts", "gauge", "OpenSSL contexts of listeners and backends not yet freed "
                + "(a replaced one lives on until its last connection ends)", OpenSslGauges.contexts());
        out.sample("weft_openssl_connections", "gauge", "OpenSSL connections (SSL objects) not yet freed",
                OpenSslGauges.connections());
        out.sample("weft_virtual_threads", "gauge", "Virtual threads of open sessions (two per proxied connection)",
                threads);
        BackendMetrics.add(out, parts.backends(), parts.removedBackends());
        long buffers = 0;
        for (BufferPool pool : parts.pools()) {
            buffers += pool.allocated() - pool.available();
        }
        out.sample("weft_buffers_in_use", "gauge", "Pooled off-heap buffers lent out", buffers);
        if (parts.accessLog() != null) {
            out.sample("weft_access_log_records_total", "counter", "Access log records, written or dropped "
                    + "because the ring was full", parts.accessLog().written(), "result", "written");
            out.sample("weft_access_log_records_total", "counter", "Access log records, written or dropped "
                    + "because the ring was full", parts.accessLog().dropped(), "result", "dropped");
        }
        for (TransportGauge gauge : parts.transport().gauges()) {
            out.sample(gauge.name(), "gauge", gauge.help(), gauge.value());
        }
        ProcessMetrics.addTo(samples);
        return samples;
    }

    private static void listener(SampleWriter out, Listener listener, ServerTls terminating) {
        String name = listener.name();
        ListenerCounters counters = listener.counters();
        out.sample("weft_listener_connections_accepted_total", "counter", "Clients accepted", counters.accepted(),
                "listener", name);
        out.sample("weft_listener_connections_active", "gauge", "Clients accepted and not yet closed",
                listener.activeSessions(), "listener", name);
        out.sample("weft_listener_max_connections", "gauge", "The listener's max-connections: at it, new clients "
                + "wait in the kernel backlog", listener.config().maxConnections(), "listener", name);
        out.sample("weft_listener_connections_refused_total", "counter",
                "Clients closed because no endpoint had room or took the connection", counters.refused(),
                "listener", name);
        counters.limited().forEach((reason, count) -> out.sample("weft_listener_connections_limited_total",
                "counter", "Clients closed by the access list or a limit, before any handshake or connect, by "
                + "reason", count, "listener", name, "reason", reason));
        if (listener.config().limits().perClient()) {
            out.sample("weft_listener_tracked_clients", "gauge", "Clients the per-client limits remember",
                    listener.trackedClients(), "listener", name);
        }
        if (terminating != null) {
            tls(out, listener, terminating);
        }
        out.sample("weft_listener_received_bytes_total", "counter", "Bytes from clients, closed connections",
                counters.bytesIn(), "listener", name);
        out.sample("weft_listener_sent_bytes_total", "counter", "Bytes to clients, closed connections",
                counters.bytesOut(), "listener", name);
    }

    private static void tls(SampleWriter out, Listener listener, ServerTls terminating) {
        String name = listener.name();
        ListenerCounters counters = listener.counters();
        out.sample("weft_listener_handshakes_total", "counter", "TLS handshakes, by result", counters.handshakesOk(),
                "listener", name, "result", "ok");
        out.sample("weft_listener_handshakes_total", "counter", "TLS handshakes, by result",
                counters.handshakesFailed(), "listener", name, "result", "failed");
        counters.handshakeFailures().forEach((reason, count) -> out.sample("weft_listener_handshake_failures_total",
                "counter", "Failed TLS handshakes, by reason", count, "listener", name, "reason", reason));
        out.sample("weft_listener_tls_sessions_total", "counter", "Completed TLS handshakes, full or resumed, since "
                + "the listener's TLS settings last changed", terminating.fullHandshakes(), "listener", name,
                "engine", terminating.engine(), "kind", "full");
        out.sample("weft_listener_tls_sessions_total", "counter", "Completed TLS handshakes, full or resumed, since "
                + "the listener's TLS settings last changed", terminating.resumedHandshakes(), "listener", name,
                "engine", terminating.engine(), "kind", "resumed");
        out.sample("weft_listener_handshakes_computing", "gauge", "TLS handshakes holding a slot now",
                listener.handshakesComputing(), "listener", name);
        out.sample("weft_listener_max_concurrent_handshakes", "gauge", "The listener's tls.max-concurrent-handshakes",
                listener.config().tls().maxConcurrentHandshakes(), "listener", name);
        for (ServerCertificate certificate : terminating.certificates().certificates()) {
            String served = certificate.names().isEmpty() ? certificate.leaf().getSubjectX500Principal().getName()
                    : certificate.names().iterator().next();
            out.sample("weft_certificate_expiry_timestamp_seconds", "gauge", "When a served certificate expires "
                    + "(notAfter), seconds since the epoch", certificate.leaf().getNotAfter().getTime() / 1000,
                    "listener", name, "certificate", served, "key_type", certificate.keyType());
        }
    }
}
