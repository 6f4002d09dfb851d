package dev.weft.control;

import dev.weft.balance.Backend;
import dev.weft.balance.Endpoint;
import dev.weft.balance.EndpointGroup;
import dev.weft.config.HostPort;
import dev.weft.log.LogText;
import dev.weft.proxy.ProxySession;
import dev.weft.proxy.SessionSnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * {@code show endpoints} and {@code show sessions} as text tables (a header line, then one row each, columns
 * separated by spaces and padded) and as JSON arrays of objects with the same fields.
 */
final class RuntimeTables {
    private static final String[] ENDPOINT_COLUMNS = {"backend", "group", "endpoint", "state", "health", "weight",
            "configured-weight", "active", "total", "failed-connects", "max-per-endpoint", "group-active",
            "max-per-group"};
    private static final String[] SESSION_COLUMNS = {"id", "listener", "client", "phase", "backend", "endpoint",
            "age-ms", "idle-ms", "bytes-up", "bytes-down"};

    private RuntimeTables() {
    }

    static Reply endpoints(Collection<Backend> backends) {
        List<Object[]> rows = new ArrayList<>();
        for (Backend backend : backends) {
            for (EndpointGroup group : backend.groups()) {
                for (Endpoint endpoint : group.endpoints()) {
                    rows.add(new Object[]{backend.name(), group.name(), HostPort.of(endpoint.address()).toString(),
                            endpoint.state().keyword(), health(endpoint), endpoint.weight(),
                            endpoint.configuredWeight(), endpoint.active(), endpoint.total(),
                            endpoint.counters().failures(), group.endpointLimit(), group.active(),
                            group.groupLimit()});
                }
            }
        }
        return reply(rows.size() + " endpoint(s)", ENDPOINT_COLUMNS, rows);
    }

    /** {@code up}, {@code down} (by its checks), or {@code ejected} (by failed client connects, for a while). */
    private static String health(Endpoint endpoint) {
        return endpoint.health().markedDown() ? "down" : endpoint.health().ejected() ? "ejected" : "up";
    }

    static Reply sessions(Collection<ProxySession> sessions) {
        long now = System.nanoTime();
        List<SessionSnapshot> snapshots = new ArrayList<>();
        for (ProxySession session : sessions) {
            snapshots.add(session.snapshot(now));
        }
        snapshots.sort(Comparator.comparingLong(SessionSnapshot::id));
        List<Object[]> rows = new ArrayList<>();
        for (SessionSnapshot s : snapshots) {
            rows.add(new Object[]{s.id(), s.listener(), s.client(), s.phase(), s.backend(), s.endpoint(),
                    s.ageMillis(), s.idleMillis(), s.bytesUp(), s.bytesDown()});
        }
        return reply(rows.size() + " session(s)", SESSION_COLUMNS, rows);
    }

    private static Reply reply(String summary, String[] columns, List<Object[]> rows) {
        return new Reply(true, "OK " + summary + "\n" + text(columns, rows), json(columns, rows));
    }

    private static String text(String[] columns, List<Object[]> rows) {
        int[] widths = new int[columns.length];
        for (int i = 0; i < columns.length; i++) {
            widths[i] = columns[i].length();
            for (Object[] row : rows) {
                widths[i] = Math.max(widths[i], cell(row[i]).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, columns, widths);
        for (Object[] row : rows) {
            line(out, row, widths);
        }
        return out.toString().stripTrailing();
    }

    private static void line(StringBuilder out, Object[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String cell = cell(cells[i]);
            line.append(cell).append(" ".repeat(widths[i] - cell.length() + 2));
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    /** A cell: {@code -} for nothing; names are escaped so that no row can look like two. */
    private static String cell(Object value) {
        return value == null ? "-" : value instanceof String text ? LogText.quoted(text) : value.toString();
    }

    private static String json(String[] columns, List<Object[]> rows) {
        StringBuilder out = new StringBuilder("[");
        for (int r = 0; r < rows.size(); r++) {
            out.append(r == 0 ? "\n  {" : ",\n  {");
            Object[] row = rows.get(r);
            for (int i = 0; i < columns.length; i++) {
                LogText.json(out.append(i == 0 ? "" : ", "), columns[i]).append(": ");
                if (row[i] == null) {
                    out.append("null");
                } else if (row[i] instanceof String text) {
                    LogText.json(out, text);
                } else {
                    out.append(row[i]);
                }
            }
            out.append('}');
        }
        return out.append(rows.isEmpty() ? "]\n" : "\n]\n").toString();
    }
}
