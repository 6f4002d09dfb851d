package dev.weft.config;

/** Whether a client's connections prefer one endpoint. */
public enum SessionAffinity {
    /** Every connection is balanced on its own. */
    NONE,
    /** The same client address goes to the same endpoint while it is healthy and has capacity. */
    CLIENT_IP
}
