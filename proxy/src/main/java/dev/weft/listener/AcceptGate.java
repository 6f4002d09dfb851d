package dev.weft.listener;

import dev.weft.admission.Refusal;
import dev.weft.admission.Ticket;
import dev.weft.metrics.AccessLog;
import dev.weft.proxy.AccessRecords;
import dev.weft.proxy.SessionContext;
import dev.weft.proxy.TerminationCause;
import dev.weft.transport.StreamConnection;
import java.net.InetSocketAddress;

/**
 * Admission on the accept loop, for a listener that takes no PROXY header and so knows the client's address the
 * moment it accepts: a refused client is closed there, counted and logged, and costs no session and no virtual
 * thread, which a flood of refusals would otherwise pay for each. A CPU-light check (one shard lock), never a
 * handshake or a connect. A listener that reads PROXY headers admits in the session, once the header is read.
 */
final class AcceptGate {

    private AcceptGate() {
    }

    /**
     * @return the verdict: a refused one (its client closed here), or the admitted client's ticket for its session
     *         to give back; null when the session admits the client itself, after its PROXY header
     */
    static Ticket admit(StreamConnection client, SessionContext context) {
        if (context.frontend().readsProxyHeader()) {
            return null;
        }
        if (context.admission().admitsEveryone()) {
            // Without the lookup, a native connection keeps its peer packed in 8 bytes while it idles.
            return Ticket.UNCOUNTED;
        }
        InetSocketAddress peer = client.remoteAddress();
        if (peer.getAddress() == null) {
            return Ticket.UNCOUNTED; // Reset already: the session finds out at its first read.
        }
        Ticket ticket = context.admission().admit(peer.getAddress(), context.frontend().handshakes());
        Refusal refusal = ticket.refusal();
        if (refusal == null) {
            return ticket;
        }
        long start = System.currentTimeMillis();
        // Counted before the close, so whoever sees the close sees the count.
        context.counters().onLimited(refusal.label());
        AccessLog log = context.accessLog();
        // Looked up before the close, while the socket still knows it.
        InetSocketAddress frontend = log != null && log.sampled() ? client.localAddress() : null;
        // A reset, as HAProxy's reject: the client was sent nothing, and a flood of refusals then leaves no
        // FIN_WAIT or TIME_WAIT sockets here, nor the FIN exchange each would cost.
        client.abort();
        Refusal.log(() -> "[" + context.listener() + " " + peer + "] closing client: " + refusal.cause());
        if (frontend != null) {
            log.record(AccessRecords.refusedAtAccept(context.listener(), start, frontend, peer,
                    TerminationCause.of(refusal)));
        }
        return ticket;
    }
}
