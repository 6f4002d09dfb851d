package dev.weft.tls;

import dev.weft.config.TlsListenerConfig;
import dev.weft.transport.BufferPool;
import dev.weft.transport.StreamConnection;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * TLS termination for one listener, on one engine: its certificates by SNI, its policy, ALPN and session
 * resumption. Certificates can be replaced while running ({@link #reload}); sessions made before a rotation still
 * resume.
 */
public interface ServerTls {

    TlsListenerConfig config();

    /** "openssl" or "jdk", for the startup line. */
    String engine();

    /**
     * Runs the server side of a handshake on {@code client}, on the calling thread. On failure the client is
     * aborted (after the alert the engine has for it, if any) and the exception says why.
     *
     * @param received     bytes already read from the client (after a PROXY header), in read mode, or null; this
     *                     call returns the buffer to {@code receivedPool}
     * @param slot         held only while the handshake computes, never while it waits for the client
     */
    TlsStream handshake(StreamConnection client, ByteBuffer received, BufferPool receivedPool, HandshakeSlot slot)
            throws IOException;

    /** Handshakes that chose a certificate, which resumed ones do not. */
    long fullHandshakes();

    /** Handshakes that resumed an earlier session. */
    long resumedHandshakes();

    /** The certificates served now, for their expiry dates in the metrics. */
    CertificateSet certificates();

    /**
     * Loads the certificate files (and the ticket key file) again and, if every one loads, serves the new set to
     * new handshakes. If any fails, the current set stays and the error is logged: a half-written file never takes
     * a listener down.
     *
     * @return true if the new set is in use
     */
    boolean reload();

    /**
     * Called at every certificate check interval: work that is due by the clock, such as rotating the process's
     * own session ticket keys.
     */
    default void maintain() {
    }

    /** The listener is gone: what the engine holds natively is freed once its last connection ends. */
    void close();
}
