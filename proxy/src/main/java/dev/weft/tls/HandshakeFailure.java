package dev.weft.tls;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/**
 * Why a client's handshake failed, in a few kinds an operator can act on, from either engine's exception: its
 * text is the JDK's or OpenSSL's reason, which differ, so both are matched here and nowhere else.
 */
public enum HandshakeFailure {
    /** The handshake did not finish within {@code handshake-timeout}. */
    TIMEOUT("timeout"),
    /** The client closed or reset the connection first. */
    CLOSED("closed"),
    /** What arrived is not TLS (plain HTTP, say). */
    NOT_TLS("not-tls"),
    /** No TLS version both sides allow. */
    PROTOCOL_VERSION("protocol-version"),
    /** No cipher suite both sides allow. */
    NO_SHARED_CIPHER("no-shared-cipher"),
    /** {@code client-auth = required} and the client sent no certificate. */
    NO_CLIENT_CERTIFICATE("no-client-certificate"),
    /** The client's certificate did not verify: unknown authority, expired, revoked, too deep. */
    BAD_CLIENT_CERTIFICATE("bad-client-certificate"),
    OTHER("other");

    private final String label;

    HandshakeFailure(String label) {
        this.label = label;
    }

    /** The {@code reason} label of the metric. */
    public String label() {
        return label;
    }

    /** @param timedOut the session closed the client at its handshake deadline */
    public static HandshakeFailure of(IOException failure, boolean timedOut) {
        if (timedOut) {
            return TIMEOUT;
        }
        if (failure instanceof EOFException || failure instanceof ClosedChannelException
                || (failure instanceof SocketException && !(failure instanceof javax.net.ssl.SSLException))) {
            return CLOSED;
        }
        String text = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
        if (text.contains("peer did not return a certificate") || text.contains("empty client certificate chain")) {
            return NO_CLIENT_CERTIFICATE;
        }
        if (text.contains("certificate verify failed") || text.contains("pkix path")
                || text.contains("revoked") || text.contains("bad_certificate") || text.contains("certificate_unknown")
                || text.contains("certificate expired") || text.contains("validity check failed")) {
            return BAD_CLIENT_CERTIFICATE;
        }
        if (text.contains("no shared cipher") || text.contains("no cipher suites in common")) {
            return NO_SHARED_CIPHER;
        }
        if (text.contains("unsupported protocol") || text.contains("version too low")
                || text.contains("no appropriate protocol") || text.contains("protocol_version")
                || (text.contains("client requested protocol") && text.contains("not enabled"))) {
            return PROTOCOL_VERSION;
        }
        if (text.contains("wrong version number") || text.contains("http request") || text.contains("packet length")
                || text.contains("unsupported or unrecognized ssl message") || text.contains("plaintext")
                || text.contains("record layer failure") || text.contains("ssl/tls alert")) {
            return NOT_TLS;
        }
        if (text.contains("closed the connection") || text.contains("terminated the handshake")
                || text.contains("reset")) {
            return CLOSED;
        }
        return OTHER;
    }
}
