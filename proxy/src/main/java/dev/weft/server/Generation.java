package dev.weft.server;

import dev.weft.balance.Backend;
import dev.weft.balance.BackendConnector;
import dev.weft.balance.DnsRefresher;
import dev.weft.config.WeftConfig;
import dev.weft.health.HealthChecker;
import dev.weft.listener.Listener;
import dev.weft.tls.CertificateWatcher;
import dev.weft.tls.ClientTls;
import dev.weft.tls.ServerTls;
import java.util.List;
import java.util.Map;

/**
 * Everything one configuration built: its backends and listeners, their TLS, and the watchers that keep them
 * current (health checks, certificate files, DNS). Started when it becomes current, stopped when the next one
 * replaces it; listeners and TLS the next one keeps carry on.
 */
record Generation(WeftConfig config, Map<String, Backend> backends, Map<String, BackendConnector> connectors,
                  Map<String, Listener> listeners,
                  Map<String, ServerTls> serverTls, Map<String, ClientTls> clientTls,
                  Map<String, ClientTls> probeTls, List<HealthChecker> healthCheckers,
                  List<CertificateWatcher> certificateWatchers, DnsRefresher dns) {
    static final Generation EMPTY = new Generation(null, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
            List.of(), List.of(), new DnsRefresher(List.of()));

    void startWatching() {
        healthCheckers.forEach(HealthChecker::start);
        certificateWatchers.forEach(CertificateWatcher::start);
        dns.start();
    }

    void stopWatching() {
        healthCheckers.forEach(HealthChecker::close);
        certificateWatchers.forEach(CertificateWatcher::close);
        dns.close();
    }

    /**
     * Once {@code next} is current: closes the TLS contexts it did not keep. Connections still open hold what they
     * use until they end.
     */
    void closeReplacedTls(Generation next) {
        serverTls.forEach((name, tls) -> {
            if (next.serverTls.get(name) != tls) {
                tls.close();
            }
        });
        // Made afresh for every generation.
        TlsEngines.closeAll(clientTls, probeTls);
    }
}
