package dev.weft.control;

import dev.weft.balance.Backend;
import dev.weft.balance.Endpoint;
import dev.weft.config.HostPort;
import dev.weft.server.WeftServer;

/**
 * An endpoint as a runtime command names it, {@code BACKEND/HOST:PORT} (IPv6 as {@code [::1]:5432}), found in the
 * running configuration.
 */
record EndpointRef(Backend backend, Endpoint endpoint) {

    /** @throws IllegalArgumentException with the message the operator sees */
    static EndpointRef find(WeftServer server, String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not BACKEND/HOST:PORT");
        }
        String name = text.substring(0, slash);
        Backend backend = server.backend(name);
        if (backend == null) {
            throw new IllegalArgumentException("no backend '" + name + "'; there are: "
                    + String.join(", ", server.config().backends().keySet()));
        }
        HostPort address = HostPort.parse(text.substring(slash + 1), false);
        Endpoint endpoint = backend.endpoint(address.address());
        if (endpoint == null) {
            throw new IllegalArgumentException("backend '" + name + "' has no endpoint " + address
                    + " (bin/weft show endpoints lists them)");
        }
        return new EndpointRef(backend, endpoint);
    }
}
