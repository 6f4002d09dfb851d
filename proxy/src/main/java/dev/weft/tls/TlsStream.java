package dev.weft.tls;

import dev.weft.transport.StreamConnection;
import java.security.cert.X509Certificate;

/** A connection after its TLS handshake, on either engine, with what the handshake settled. */
public interface TlsStream extends StreamConnection {

    /** The SNI host name the client asked for, or null. */
    String serverName();

    /** The ALPN protocol agreed on, or null. */
    String applicationProtocol();

    /** "TLSv1.3", "TLSv1.2" and so on. */
    String protocol();

    /** The cipher suite's IANA name, such as TLS_AES_128_GCM_SHA256. */
    String cipherSuite();

    /** The certificate the peer presented and the engine verified, or null. */
    X509Certificate peerCertificate();
}
