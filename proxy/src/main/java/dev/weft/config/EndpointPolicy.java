package dev.weft.config;

import java.time.Duration;

/**
 * How a backend treats endpoints whose health changes.
 *
 * @param slowStart    how long a recovered endpoint takes to ramp from a tenth of its weight to all of it; zero for
 *                     at once
 * @param onMarkedDown what happens to the open sessions of an endpoint its checks mark down
 */
public record EndpointPolicy(Duration slowStart, OnMarkedDown onMarkedDown) {
    public static final EndpointPolicy DEFAULT = new EndpointPolicy(Duration.ZERO, OnMarkedDown.NONE);
}
