package dev.weft.proxy;

import dev.weft.balance.BackendConnector;
import dev.weft.balance.BackendLease;
import dev.weft.proxyprotocol.ProxyHeader;
import dev.weft.transport.StreamConnection;
import java.io.IOException;

/**
 * What a session does on a new backend connection before any client byte flows: the PROXY header, if the backend
 * takes one; the TLS handshake, for a TLS backend, under its deadline; then the bytes the frontend already read
 * from the client (a ClientHello it routed by). Each failure ends the session with its cause.
 */
final class SessionConnecting {
    private static final System.Logger LOG = System.getLogger("weft.session");

    private SessionConnecting() {
    }

    /**
     * @param upstream the client-to-backend direction, which the replayed bytes count in
     * @return true when the pumps may start; false when the session has ended (its replay buffer given back)
     */
    static boolean prepare(ProxySession session, BackendConnector connector, BackendLease connected,
                           Frontend.Opened opened, Direction upstream) {
        if (connector.sendsProxyHeader() && !sendProxyHeader(session, connector, connected, opened)
                || connector.secured() && !handshakeWithBackend(session, connector, connected)) {
            release(opened);
            return false;
        }
        return opened.replay() == null || replay(session, opened, connected.connection(), upstream);
    }

    private static boolean sendProxyHeader(ProxySession session, BackendConnector connector, BackendLease connected,
                                           Frontend.Opened opened) {
        StreamConnection client = session.client();
        ProxyHeader header = opened.origin() != null ? opened.origin()
                : new ProxyHeader(client.remoteAddress(), client.localAddress());
        try {
            connector.sendProxyHeader(connected, header, opened.tls());
            return true;
        } catch (IOException e) {
            return backendFailed(session, e);
        }
    }

    private static boolean handshakeWithBackend(ProxySession session, BackendConnector connector,
                                                BackendLease connected) {
        session.deadline(System.nanoTime() + connector.handshakeTimeout().toNanos());
        try {
            connector.secure(connected, session::label);
            return true;
        } catch (IOException e) {
            // As when no endpoint accepts the connection: the client gets a FIN.
            session.terminate(false, TerminationCause.HANDSHAKE_FAILURE);
            return false;
        } finally {
            session.deadline(0);
        }
    }

    /** Sends the backend what the frontend read from the client before routing. */
    private static boolean replay(ProxySession session, Frontend.Opened opened, StreamConnection backend,
                                  Direction upstream) {
        try {
            upstream.transferred(opened.replay().remaining());
            backend.write(opened.replay());
            return true;
        } catch (IOException e) {
            return backendFailed(session, e);
        } finally {
            release(opened);
        }
    }

    /** The backend failed before the pumps started: both sides are aborted. */
    private static boolean backendFailed(ProxySession session, IOException e) {
        LOG.log(System.Logger.Level.DEBUG, () -> session.label() + " aborting both sides: backend " + e.getMessage());
        session.terminate(true, TerminationCause.BACKEND_RESET);
        return false;
    }

    /** Gives the replay buffer back, if the frontend lent one. */
    static void release(Frontend.Opened opened) {
        if (opened.replay() != null) {
            opened.replayPool().release(opened.replay());
        }
    }
}
