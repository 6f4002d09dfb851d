package dev.weft.config;

/** What happens to an endpoint's open sessions when its health checks mark it down. */
public enum OnMarkedDown {
    /** They go on; only new connections avoid the endpoint. */
    NONE,
    /** They are ended at once, as HAProxy's {@code on-marked-down shutdown-sessions} does. */
    SHUTDOWN_SESSIONS
}
