package dev.weft.control;

import com.sun.net.httpserver.Headers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who may use the admin port. A request is refused when its Host is not an address the port is reached by (a
 * page on evil.example that rebinds its name to 127.0.0.1 still sends {@code Host: evil.example}), when it carries
 * an Origin other than the port's own (a browser's cross-site request), and, unless its path is open, when it lacks
 * the bearer token. A request without Host or Origin is a tool's, not a browser's, and is judged by its token.
 */
final class AdminGuard {
    /** Why a request is refused, with its status, or null. */
    record Refusal(int status, String reason) {
    }

    private final Set<String> hosts = new HashSet<>();
    private final boolean wildcard;
    private final Set<String> openPaths;
    private final AdminToken token;

    /**
     * @param bound        the address the port listens on, with its real port
     * @param allowedHosts further Host values, as host or host:port
     */
    AdminGuard(InetSocketAddress bound, List<String> allowedHosts, List<String> openPaths, AdminToken token) {
        this.openPaths = Set.copyOf(openPaths);
        this.token = token;
        int port = bound.getPort();
        InetAddress address = bound.getAddress();
        this.wildcard = address.isAnyLocalAddress();
        addHost(literal(address), port);
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            addHost("localhost", port);
            addHost("127.0.0.1", port);
            addHost("[::1]", port);
        }
        for (String host : allowedHosts) {
            String lower = host.toLowerCase(Locale.ROOT);
            hosts.add(lower);
            if (lower.lastIndexOf(':') <= lower.lastIndexOf(']')) {
                addHost(lower, port);
            }
        }
    }

    private void addHost(String host, int port) {
        hosts.add(host + ":" + port);
        if (port == 80) {
            hosts.add(host);
        }
    }

    private static String literal(InetAddress address) {
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        text = scope < 0 ? text : text.substring(0, scope);
        return text.contains(":") ? "[" + text + "]" : text;
    }

    Refusal judge(String method, String path, Headers headers) {
        String host = headers.getFirst("Host");
        if (host != null && !hostAllowed(host.strip().toLowerCase(Locale.ROOT))) {
            return new Refusal(421, "Host '" + host + "' is not this admin port; add it to admin.allowed-hosts");
        }
        String origin = headers.getFirst("Origin");
        if (origin != null && !originAllowed(origin.strip().toLowerCase(Locale.ROOT))) {
            return new Refusal(403, "requests from the origin '" + origin + "' are refused");
        }
        boolean open = method.equals("GET") && openPaths.contains(path);
        if (!open && !token.admits(headers.getFirst("Authorization"))) {
            return new Refusal(401, "this needs Authorization: Bearer <token>, the token in " + token.path());
        }
        return null;
    }

    private boolean hostAllowed(String host) {
        if (hosts.contains(host)) {
            return true;
        }
        // Bound to every address: any IP literal reaches it, a name (the rebinding kind) only if allowed.
        return wildcard && ipLiteral(host);
    }

    private boolean originAllowed(String origin) {
        return origin.startsWith("http://") && hostAllowed(origin.substring("http://".length()));
    }

    private static boolean ipLiteral(String hostPort) {
        String host = hostPort.startsWith("[") ? hostPort.substring(1, Math.max(1, hostPort.indexOf(']')))
                : hostPort.contains(":") ? hostPort.substring(0, hostPort.indexOf(':')) : hostPort;
        return host.matches("[0-9.]+") || (hostPort.startsWith("[") && host.matches("[0-9a-f:.]+"));
    }
}
