package dev.weft.proxyprotocol;

/**
 * What Weft knows of a client's TLS session, for the TLVs of a v2 header. Any field may be null when unknown (a
 * passthrough listener knows the SNI but not the version or cipher).
 */
public record TlsDetails(String serverName, String alpn, String version, String cipher) {
}
