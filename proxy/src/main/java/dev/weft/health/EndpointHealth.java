package dev.weft.health;

import java.time.Duration;

/**
 * Whether one endpoint takes new connections, from consecutive check results: {@code unhealthyThreshold} failures
 * in a row take it out of rotation, {@code healthyThreshold} successes in a row bring it back. Active probes and
 * failed client connects both report here. An endpoint starts UP, so traffic flows before the first probe ends.
 * <p>
 * Passive ejection: {@code ejectAfter} client connects failing in a row take the endpoint out for
 * {@code ejection}, checks or no checks; it then gets traffic again, and a success clears the count.
 * <p>
 * Updates take this object's monitor; they happen once per probe or per failed connect, never per byte, and each
 * endpoint has its own monitor.
 */
public final class EndpointHealth {
    private static final System.Logger LOG = System.getLogger("weft.health");

    private final String label;
    private int healthyThreshold;
    private int unhealthyThreshold;
    private volatile boolean tracked;
    private int ejectAfter;
    private long ejectionNanos;
    /** Client connects failed in a row; written under the monitor, read without it on the success path. */
    private volatile int connectFailures;
    /** While ejected, the System.nanoTime() at which the ejection ends; 0 when not ejected. */
    private volatile long ejectedUntil;
    private volatile boolean up = true;
    /** When checks last brought it UP, as System.nanoTime(); 0 if it was never down. */
    private volatile long upAtNanos;
    private int successes;
    private int failures;
    /** Told of every UP/DOWN change, after it happened: the endpoint's group, which logs its own state. */
    private volatile Runnable onChange = () -> { };
    /** Smoothed round-trip time of successful probes in nanoseconds, 0 before the first. */
    private volatile long rttNanos;
    /** Probes that passed and failed, and ejections: written under the monitor, once per probe. */
    private volatile long probesPassed;
    private volatile long probesFailed;
    private volatile long ejections;

    /**
     * @param label   names the endpoint in log lines, such as {@code backend 'app' endpoint 127.0.0.1:9001}
     * @param tracked whether active health checks run for this endpoint
     */
    public EndpointHealth(String label, int healthyThreshold, int unhealthyThreshold, boolean tracked) {
        this(label, healthyThreshold, unhealthyThreshold, tracked, 0, Duration.ZERO);
    }

    /**
     * @param ejectAfter consecutive failed client connects that eject the endpoint; 0 never ejects
     * @param ejection   how long an ejection lasts
     */
    public EndpointHealth(String label, int healthyThreshold, int unhealthyThreshold, boolean tracked,
                          int ejectAfter, Duration ejection) {
        this.label = label;
        this.tracked = tracked;
        this.healthyThreshold = healthyThreshold;
        this.unhealthyThreshold = unhealthyThreshold;
        this.ejectAfter = ejectAfter;
        this.ejectionNanos = ejection.toNanos();
    }

    /** A reload kept this endpoint: new thresholds from now on; the state and the counts carry on. */
    public synchronized void reconfigure(int healthyThreshold, int unhealthyThreshold, boolean tracked,
                                         int ejectAfter, Duration ejection) {
        this.healthyThreshold = healthyThreshold;
        this.unhealthyThreshold = unhealthyThreshold;
        this.tracked = tracked;
        this.ejectAfter = ejectAfter;
        this.ejectionNanos = ejection.toNanos();
        if (!tracked && !up) {
            // Checks were turned off: nothing would ever bring it back.
            up = true;
        }
    }

    /** Takes new connections: UP by the checks and not ejected. */
    public boolean isUp() {
        if (!up) {
            return false;
        }
        long until = ejectedUntil;
        return until == 0 || System.nanoTime() - until >= 0;
    }

    /** Marked DOWN by its checks (not merely ejected for a while). */
    public boolean markedDown() {
        return !up;
    }

    /** Ejected by failed client connects, until the ejection ends. */
    public boolean ejected() {
        long until = ejectedUntil;
        return until != 0 && System.nanoTime() - until < 0;
    }

    /**
     * When the endpoint last came back into rotation, by its checks or at the end of an ejection, as
     * System.nanoTime(); 0 if it never left. For slow start.
     */
    public long upSinceNanos() {
        long checks = upAtNanos;
        long ejection = ejectedUntil;
        return ejection == 0 ? checks : checks == 0 ? ejection : (ejection - checks > 0 ? ejection : checks);
    }

    /** A client connect to this endpoint worked. */
    public void clientConnectSucceeded() {
        if (connectFailures != 0) {
            synchronized (this) {
                connectFailures = 0;
            }
        }
    }

    /** A client connect to this endpoint failed: counts for ejection, and as a failed check if checks run. */
    public synchronized void clientConnectFailed(String reason) {
        if (ejectAfter > 0 && ++connectFailures >= ejectAfter) {
            connectFailures = 0;
            ejectedUntil = System.nanoTime() + ejectionNanos;
            ejections++;
            LOG.log(System.Logger.Level.WARNING, label + " ejected for " + ejectionNanos / 1_000_000 + " ms after "
                    + ejectAfter + " failed connect(s) in a row; last: " + reason);
        }
        recordFailure(reason);
    }

    public void onChange(Runnable listener) {
        this.onChange = listener;
    }

    /** The smoothed round-trip time of the probes (EWMA, weight 1/8 for each new one); 0 before the first. */
    public long rttNanos() {
        return rttNanos;
    }

    public synchronized void recordSuccess() {
        failures = 0;
        if (!up && ++successes >= healthyThreshold) {
            upAtNanos = System.nanoTime();
            up = true;
            successes = 0;
            LOG.log(System.Logger.Level.INFO, label + " is UP after " + healthyThreshold + " successful check(s)");
            onChange.run();
        }
    }

    /**
     * A successful probe that took {@code rtt} nanoseconds to connect. The round-trip time is published after the
     * state has changed, so whoever sees a new one sees the probe's outcome too.
     */
    public synchronized void recordSuccess(long rtt) {
        probesPassed++;
        recordSuccess();
        long previous = rttNanos;
        rttNanos = previous == 0 ? rtt : previous + (rtt - previous) / 8;
    }

    /** A health-check probe failed: counted, and a failed check. */
    public synchronized void probeFailed(String reason) {
        probesFailed++;
        recordFailure(reason);
    }

    public long probesPassed() {
        return probesPassed;
    }

    public long probesFailed() {
        return probesFailed;
    }

    /** Passive ejections so far. */
    public long ejections() {
        return ejections;
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
            onChange.run();
        }
    }
}
