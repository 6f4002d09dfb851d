package dev.weft.config;

/** What a health probe checks beyond a successful connect. */
public enum HealthCheckType {
    /** The connect alone. */
    TCP,
    /** A TLS handshake, with the backend's TLS settings (or any certificate, for a plain TCP backend). */
    TLS,
    /** Sends {@code send}, and the response must start with {@code expect}. */
    SEND_EXPECT
}
