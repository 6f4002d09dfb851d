package dev.weft.proxy;

import dev.weft.proxyprotocol.ProxyHeader;
import dev.weft.tls.HandshakeSlot;
import java.time.Duration;

/**
 * What a session lends its frontend while it opens a client: the listener's bound on handshake CPU, and admission,
 * which the frontend that reads a PROXY header asks for once it knows the client's real address.
 */
public interface Opening extends HandshakeSlot {
    /**
     * Judges the client by the address {@code header} gives, or by the connection's own if it gives none.
     *
     * @throws RefusedException when the listener does not serve it
     */
    void admit(ProxyHeader header) throws RefusedException;

    /**
     * The PROXY header is read: what follows it (a TLS handshake) has {@code timeout} from now, zero for no limit,
     * so that a client trickling its header is closed at the header's own timeout.
     */
    void headerRead(Duration timeout);
}
