package dev.weft.config;

import java.time.Duration;

/**
 * How long a proxied connection may live, besides its idle timeout.
 *
 * @param maxLifetime       a connection is closed (FIN both ways) this long after it connected; zero for never
 * @param jitter            up to this much more, at random per connection, so that connections made together
 *                          (after a restart) are not all closed together
 * @param halfClosedTimeout how long one direction may stay open after the other finished (HAProxy's
 *                          {@code timeout client-fin} and {@code server-fin}); zero for no limit
 */
public record ConnectionLifetime(Duration maxLifetime, Duration jitter, Duration halfClosedTimeout) {
    public static final ConnectionLifetime UNBOUNDED = new ConnectionLifetime(Duration.ZERO, Duration.ZERO,
            Duration.ZERO);
}
