package dev.weft.proxyprotocol;

/**
 * What Weft knows of a client's TLS session, for the TLVs of a v2 header and the access log. Any field may be null
 * when unknown (a passthrough listener knows the SNI but not the version or cipher).
 *
 * @param clientCertificate the certificate the client presented and the listener verified, or null
 */
public record TlsDetails(String serverName, String alpn, String version, String cipher,
                         ClientCertificate clientCertificate) {

    /** What a passthrough listener knows: the SNI of the ClientHello. */
    public static TlsDetails serverNameOnly(String serverName) {
        return new TlsDetails(serverName, null, null, null, null);
    }
}
