package dev.weft.perf;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** No proxy at all: the physical limit of this machine, against which every proxy's cost shows. No TLS routes. */
final class DirectTarget implements Target {

    @Override
    public String name() {
        return "direct";
    }

    @Override
    public Map<String, InetSocketAddress> start(Map<String, InetSocketAddress> backends,
                                                PerfCertificates certificates, Path workDir) {
        Map<String, InetSocketAddress> listeners = new LinkedHashMap<>();
        for (Route route : Route.ALL) {
            if (!route.terminatesTls() && backends.containsKey(route.backend())) {
                listeners.put(route.name(), backends.get(route.backend()));
            }
        }
        return listeners;
    }

    @Override
    public List<Long> pids() {
        return List.of();
    }

    @Override
    public void close() {
    }
}
