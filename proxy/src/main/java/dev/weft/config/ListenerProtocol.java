package dev.weft.config;

/** What a listener speaks to its clients. */
public enum ListenerProtocol {
    /** Plain TCP, proxied as it is. */
    TCP,
    /** TLS, terminated by Weft with its own certificates. */
    TLS,
    /** TLS that Weft does not terminate: the SNI in the ClientHello picks the backend. */
    TLS_PASSTHROUGH
}
