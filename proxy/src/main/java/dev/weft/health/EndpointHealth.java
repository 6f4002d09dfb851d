package dev.weft.health;

/**
 * Whether one endpoint takes new connections, from consecutive check results: {@code unhealthyThreshold} failures
 * in a row take it out of rotation, {@code healthyThreshold} successes in a row bring it back. Active probes and
 * failed client connects both report here. An endpoint starts UP, so traffic flows before the first probe ends.
 * <p>
 * Updates take this object's monitor; they happen once per probe or per failed connect, never per byte, and each
 * endpoint has its own monitor.
 */
public final class EndpointHealth {
    private static final System.Logger LOG = System.getLogger("weft.health");

    private final String label;
    private final int healthyThreshold;
    private final int unhealthyThreshold;
    private final boolean tracked;
    private volatile boolean up = true;
    private int successes;
    private int failures;

    /**
     * @param label   names the endpoint in log lines, such as {@code backend 'app' endpoint 127.0.0.1:9001}
     * @param tracked whether active health checks run for this endpoint
     */
    public EndpointHealth(String label, int healthyThreshold, int unhealthyThreshold, boolean tracked) {
        this.label = label;
        this.tracked = tracked;
        this.healthyThreshold = healthyThreshold;
        this.unhealthyThreshold = unhealthyThreshold;
    }

    public boolean isUp() {
        return up;
    }

    public synchronized void recordSuccess() {
        failures = 0;
        if (!up && ++successes >= healthyThreshold) {
            up = true;
            successes = 0;
            LOG.log(System.Logger.Level.INFO, label + " is UP after " + healthyThreshold + " successful check(s)");
        }
    }

    public synchronized void recordFailure(String reason) {
        if (!tracked) {
            return;
        }
        successes = 0;
        if (up && ++failures >= unhealthyThreshold) {
            up = false;
            failures = 0;
            LOG.log(System.Logger.Level.WARNING, label + " is DOWN after " + unhealthyThreshold
                    + " failed check(s); last: " + reason);
        }
    }
}
