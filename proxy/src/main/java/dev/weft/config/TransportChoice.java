package dev.weft.config;

/** {@code weft.io.transport}: which transport moves the bytes. */
public enum TransportChoice {
    /** Native on Linux when native access is enabled, else JDK. */
    AUTO,
    JDK,
    NATIVE
}
