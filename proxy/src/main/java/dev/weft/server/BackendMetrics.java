package dev.weft.server;

import dev.weft.balance.Backend;
import dev.weft.balance.Endpoint;
import dev.weft.balance.EndpointGroup;
import dev.weft.balance.EndpointState;
import dev.weft.metrics.PrometheusText;
import java.util.Arrays;
import java.util.Collection;

/**
 * The backends' part of the metrics: per backend, group and endpoint, what they carry, what they may carry, and
 * how healthy they are; and the endpoints that left the backend (or whose backend a reload removed) while their
 * connections still drain, as {@code state="retired"}, until the last one ends.
 */
final class BackendMetrics {
    private static final String[] STATES = {"ready", "drain", "maint", "retired"};

    private BackendMetrics() {
    }

    static void add(SampleWriter out, Collection<Backend> backends, Collection<Backend> removed) {
        for (Backend backend : backends) {
            long active = 0;
            long connections = 0;
            long failures = 0;
            long in = 0;
            long bytesOut = 0;
            for (EndpointGroup group : backend.groups()) {
                active += group.active();
                connections += group.counters().connections();
                failures += group.counters().failures();
                in += group.counters().bytesIn();
                bytesOut += group.counters().bytesOut();
            }
            String name = backend.name();
            out.sample("weft_backend_connections_active", "gauge", "Open connections to the backend", active,
                    "backend", name);
            out.sample("weft_backend_connections_total", "counter", "Connections made", connections, "backend", name);
            out.sample("weft_backend_connect_failures_total", "counter", "Connects that failed", failures,
                    "backend", name);
            out.sample("weft_backend_connect_retries_total", "counter", "Connects tried again on another endpoint "
                    + "after one failed", backend.retries(), "backend", name);
            out.sample("weft_backend_received_bytes_total", "counter", "Bytes from clients, closed connections", in,
                    "backend", name);
            out.sample("weft_backend_sent_bytes_total", "counter", "Bytes to clients, closed connections", bytesOut,
                    "backend", name);
            for (EndpointGroup group : backend.groups()) {
                String[] labels = {"backend", name, "group", group.name()};
                out.sample("weft_group_up", "gauge", "1 while the group has an endpoint taking new connections",
                        group.isUp() ? 1 : 0, labels);
                out.sample("weft_group_connections_active", "gauge", "Open connections to the group", group.active(),
                        labels);
                out.sample("weft_group_max_connections", "gauge", "The group's connection limit after its capacity "
                        + "scaler; 0 for none", group.groupLimit(), labels);
                out.traffic("weft_group", group.counters(), labels);
                for (Endpoint endpoint : group.endpoints()) {
                    endpoint(out, name, group.name(), endpoint, endpoint.state().keyword(), group.endpointLimit());
                }
            }
            for (Endpoint endpoint : backend.draining()) {
                endpoint(out, name, endpoint.group().name(), endpoint, "retired", 0);
            }
        }
        for (Backend backend : removed) {
            for (Endpoint endpoint : backend.draining()) {
                endpoint(out, backend.name(), endpoint.group().name(), endpoint, "retired", 0);
            }
        }
    }

    private static void endpoint(SampleWriter out, String backend, String group, Endpoint endpoint, String state,
                                 int limit) {
        String[] labels = labels(backend, group, endpoint);
        out.sample("weft_endpoint_up", "gauge", "1 if the endpoint takes new connections",
                state.equals("retired") || !endpoint.takesNew() ? 0 : 1, labels);
        for (String each : STATES) {
            out.sample("weft_endpoint_state", "gauge", "1 for the endpoint's state: ready, drain, maint (set at "
                    + "runtime), or retired (left the backend, connections draining)", each.equals(state) ? 1 : 0,
                    with(labels, "state", each));
        }
        out.sample("weft_endpoint_health_up", "gauge", "1 unless its health checks marked it down",
                endpoint.health().markedDown() ? 0 : 1, labels);
        out.sample("weft_endpoint_ejected", "gauge", "1 while ejected after failed client connects",
                endpoint.health().ejected() ? 1 : 0, labels);
        out.sample("weft_endpoint_health_checks_total", "counter", "Health-check probes, by result",
                endpoint.health().probesPassed(), with(labels, "result", "passed"));
        out.sample("weft_endpoint_health_checks_total", "counter", "Health-check probes, by result",
                endpoint.health().probesFailed(), with(labels, "result", "failed"));
        out.sample("weft_endpoint_ejections_total", "counter", "Passive ejections after failed client connects",
                endpoint.health().ejections(), labels);
        out.sample("weft_endpoint_weight", "gauge", "The weight new connections are spread by now (runtime or "
                + "configured, during slow start ramping)", endpoint.weight(), labels);
        out.sample("weft_endpoint_max_connections", "gauge", "The endpoint's connection limit after its group's "
                + "capacity scaler; 0 for none", limit, labels);
        out.sample("weft_endpoint_connections_active", "gauge", "Open connections to the endpoint",
                endpoint.active(), labels);
        out.traffic("weft_endpoint", endpoint.counters(), labels);
    }

    /** The smoothed health-check round trip of each probed endpoint, in seconds: for the page only. */
    static void render(PrometheusText text, Collection<Backend> backends) {
        for (Backend backend : backends) {
            for (EndpointGroup group : backend.groups()) {
                for (Endpoint endpoint : group.endpoints()) {
                    long rtt = endpoint.health().rttNanos();
                    if (rtt > 0 && endpoint.state() != EndpointState.MAINT) {
                        text.sample("weft_endpoint_health_check_rtt_seconds", "gauge", "Smoothed time of a "
                                + "health-check probe's connect (the figure distance = auto uses)", rtt / 1e9,
                                labels(backend.name(), group.name(), endpoint));
                    }
                }
            }
        }
    }

    private static String[] labels(String backend, String group, Endpoint endpoint) {
        return new String[] {"backend", backend, "group", group, "endpoint",
                endpoint.address().getAddress().getHostAddress() + ":" + endpoint.address().getPort()};
    }

    private static String[] with(String[] labels, String name, String value) {
        String[] more = Arrays.copyOf(labels, labels.length + 2);
        more[labels.length] = name;
        more[labels.length + 1] = value;
        return more;
    }
}
