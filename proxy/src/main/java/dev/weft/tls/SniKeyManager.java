package dev.weft.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Serves a listener's certificates to the handshake: picks by the client's SNI and key types (JSSE asks once per
 * key type, in the client's order of preference), from whichever {@link CertificateSet} is current. A rotation
 * swaps the set; a handshake that chose from the previous set still finds its key, since aliases name their
 * generation and the previous set is kept until the next swap.
 */
final class SniKeyManager extends X509ExtendedKeyManager {
    private final boolean resumable;
    private final LongAdder fullHandshakes = new LongAdder();
    private volatile CertificateSet current;
    private volatile CertificateSet previous;

    /** @param resumable false makes every session non-resumable: no TLS 1.3 tickets, no TLS 1.2 session cache */
    SniKeyManager(CertificateSet certificates, boolean resumable) {
        this.current = certificates;
        this.previous = certificates;
        this.resumable = resumable;
    }

    long fullHandshakes() {
        return fullHandshakes.sum();
    }

    void replace(CertificateSet next) {
        previous = current;
        current = next;
    }

    CertificateSet current() {
        return current;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        CertificateSet set = current;
        SSLSession session = engine == null ? null : engine.getHandshakeSession();
        int index = set.select(TlsConnection.serverName(session), keyType);
        if (index < 0) {
            return null;
        }
        fullHandshakes.increment();
        if (!resumable && session != null) {
            // JSSE caches a session, and issues tickets for it, only while it is valid: invalidated during its
            // own handshake, it is never offered for resumption.
            session.invalidate();
        }
        return set.generation() + ":" + index;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        ServerCertificate certificate = lookUp(alias);
        return certificate == null ? null : certificate.chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        ServerCertificate certificate = lookUp(alias);
        return certificate == null ? null : certificate.key();
    }

    private ServerCertificate lookUp(String alias) {
        int colon = alias == null ? -1 : alias.indexOf(':');
        if (colon < 0) {
            return null;
        }
        long generation = Long.parseLong(alias, 0, colon, 10);
        int index = Integer.parseInt(alias, colon + 1, alias.length(), 10);
        ServerCertificate found = in(current, generation, index);
        return found != null ? found : in(previous, generation, index);
    }

    private static ServerCertificate in(CertificateSet set, long generation, int index) {
        return set.generation() == generation && index < set.certificates().size()
                ? set.certificates().get(index) : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
