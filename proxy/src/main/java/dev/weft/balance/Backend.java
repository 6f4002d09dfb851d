package dev.weft.balance;

import dev.weft.config.BackendConfig;
import dev.weft.config.HealthCheckConfig;
import dev.weft.config.HostPort;
import dev.weft.health.EndpointHealth;
import java.util.ArrayList;
import java.util.List;

/** A named pool of endpoints and the policy that spreads connections over them. */
public final class Backend {
    private final BackendConfig config;
    private final List<Endpoint> endpoints;
    private final Balancer balancer;

    public Backend(BackendConfig config) {
        this.config = config;
        List<Endpoint> built = new ArrayList<>();
        for (HostPort address : config.endpoints()) {
            String label = "backend '" + config.name() + "' endpoint " + address;
            HealthCheckConfig check = config.healthCheck();
            built.add(new Endpoint(address.address(), label, new EndpointHealth(label, check.healthyThreshold(),
                    check.unhealthyThreshold(), check.enabled())));
        }
        this.endpoints = List.copyOf(built);
        this.balancer = Balancer.of(config.balancing());
    }

    public String name() {
        return config.name();
    }

    public BackendConfig config() {
        return config;
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /** The endpoint for a new connection, skipping those this connection already tried; null if none is left. */
    public Endpoint pick(List<Endpoint> tried) {
        return balancer.pick(endpoints, tried);
    }
}
