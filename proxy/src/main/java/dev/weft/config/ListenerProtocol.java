package dev.weft.config;

/** What a listener speaks to its clients. */
public enum ListenerProtocol {
    TCP
}
