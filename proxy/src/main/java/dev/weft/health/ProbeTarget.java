package dev.weft.health;

import java.net.InetSocketAddress;

/** An address to probe and the health record its results go to. */
public record ProbeTarget(InetSocketAddress address, EndpointHealth health) {
}
