package dev.weft.config;

/** Which PROXY protocol header Weft sends to a backend's endpoints. */
public enum ProxyProtocolVersion {
    NONE, V1, V2
}
