package dev.weft.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code weft.admin}: the HTTP port for {@code /metrics}, {@code /healthz}, {@code /config}, {@code /drain} and
 * {@code /reload}.
 *
 * @param tokenFile      the file holding the bearer token that POSTs and the paths not in {@code openPaths} need;
 *                       null to have Weft write a random one next to the control socket
 * @param openPaths      the GET paths served without a token
 * @param allowedHosts   Host header values accepted besides the bind address itself (a name the port is reached
 *                       by); anything else is refused, against DNS rebinding
 * @param maxConnections admin connections open at once; more wait in the kernel's backlog
 * @param requestTimeout how long a request may take to arrive, whole seconds
 */
public record AdminConfig(boolean enabled, HostPort bind, Path tokenFile, List<String> openPaths,
                          List<String> allowedHosts, int maxConnections, Duration requestTimeout) {
}
