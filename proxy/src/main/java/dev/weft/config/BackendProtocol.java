package dev.weft.config;

/** What Weft speaks to a backend's endpoints. */
public enum BackendProtocol {
    TCP, TLS
}
