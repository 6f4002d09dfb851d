package dev.weft.server;

import dev.weft.balance.BackendConnector;
import dev.weft.balance.BackendLease;
import dev.weft.linux.FdChannel;
import dev.weft.listener.Listener;
import dev.weft.proxy.MovedSession;
import dev.weft.proxy.ProxySession;
import dev.weft.transport.StreamConnection;
import dev.weft.transport.Transport;
import java.io.IOException;

/**
 * Takes up, in the current generation, a session the process before this one handed over: its sockets join the
 * transport, its endpoint counts it, its listener runs it. One that this configuration has no place for (no
 * such plain listener, backend or endpoint any more) is closed, with a FIN to both peers and a line that says why.
 */
final class SessionAdoption {
    private static final System.Logger LOG = System.getLogger("weft.server");

    private SessionAdoption() {
    }

    static boolean adopt(Generation now, Transport transport, MovedSession moved, int clientFd, int backendFd) {
        Listener listener = now.listeners().get(moved.listener());
        BackendConnector connector = now.connectors().get(moved.backend());
        StreamConnection[] pair;
        try {
            pair = transport.adoptPair(clientFd, backendFd);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot take up session #" + moved.oldId() + " of the previous "
                    + "process: " + e.getMessage());
            FdChannel.closeAll(clientFd, backendFd);
            return false;
        }
        BackendLease lease = listener == null || connector == null || listener.config().tls() != null ? null
                : connector.adopt(moved.endpoint(), pair[1]);
        if (lease == null) {
            LOG.log(System.Logger.Level.WARNING, "closing session #" + moved.oldId() + " of the previous process: "
                    + "this configuration has no plain listener '" + moved.listener() + "' with backend '"
                    + moved.backend() + "' and endpoint " + moved.endpoint());
            pair[0].close();
            pair[1].close();
            return false;
        }
        listener.adopt((id, context, onClosed) -> ProxySession.adopt(id, context, connector, lease, pair[0], moved,
                onClosed));
        return true;
    }
}
