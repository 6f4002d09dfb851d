package dev.weft.proxy;

import dev.weft.admission.Refusal;
import dev.weft.admission.Ticket;
import dev.weft.proxyprotocol.ProxyHeader;
import dev.weft.tls.HandshakeFailure;
import java.io.IOException;
import java.net.InetAddress;

/**
 * A session's opening: the listener's {@link Frontend} (a PROXY header, a TLS handshake, a look at the
 * ClientHello, or nothing) under the session's deadline, with the handshake slots it may hold
 * ({@link HandshakePermit}) and the admission it asks for once the client's real address is known. Counts
 * handshakes and refusals, and says what failed, once, on the session's own thread.
 */
final class SessionOpening implements HandshakePermit.Session {
    private static final System.Logger LOG = System.getLogger("weft.session");

    private final ProxySession session;
    private final SessionContext context;

    SessionOpening(ProxySession session, SessionContext context) {
        this.session = session;
        this.context = context;
    }

    /** Runs the frontend under its deadline; null if the client was refused, failed or took too long. */
    Frontend.Opened open() {
        Frontend frontend = context.frontend();
        long timeout = frontend.openTimeout().toNanos();
        long start = System.nanoTime();
        session.deadline(timeout == 0 ? 0 : start + timeout);
        HandshakePermit permit = new HandshakePermit(context.handshakes(), this);
        try {
            Frontend.Opened opened = frontend.open(session.client(), null, null, permit, session::label);
            long waited = permit.waitedNanos();
            session.openingTook(waited, System.nanoTime() - start - waited);
            if (frontend.handshakes()) {
                if (opened != null) {
                    context.counters().onHandshake(System.nanoTime() - start);
                } else {
                    context.counters().onHandshakeFailed(HandshakeFailure.OTHER.label());
                }
            }
            return opened;
        } catch (RefusedException e) {
            context.counters().onLimited(e.refusal().label());
            session.refused(TerminationCause.of(e.refusal()));
            Refusal.log(() -> session.label() + " closing client: " + e.getMessage());
            return null;
        } catch (IOException e) {
            boolean closed = session.isClosed();
            if (frontend.handshakes()) {
                context.counters().onHandshakeFailed(HandshakeFailure.of(e, closed).label());
            }
            LOG.log(System.Logger.Level.DEBUG, () -> session.label() + " closing client: " + (closed
                    ? "no " + (frontend.handshakes() ? "TLS handshake" : "ClientHello") + " within "
                    + frontend.openTimeout().toMillis() + " ms" : e.getMessage()));
            return null;
        } finally {
            session.deadline(0);
            permit.close();
        }
    }

    /**
     * Admission after a PROXY header, before any handshake or backend connect: by the address {@code header}
     * gives, which from now on is the client's in log lines, or by the connection's own. (Without a header, the
     * listener admitted the client as it accepted it.)
     */
    @Override
    public void admit(ProxyHeader header) throws RefusedException {
        if (header != null && header.hasAddresses()) {
            session.origin(header);
        }
        if (context.admission().admitsEveryone()) {
            return;
        }
        ProxyHeader origin = session.origin();
        InetAddress address = (origin != null ? origin.source() : session.client().remoteAddress()).getAddress();
        if (address == null) {
            return; // Reset before it could be judged: nothing left to admit.
        }
        Ticket verdict = context.admission().admit(address, context.frontend().handshakes());
        if (verdict.refusal() != null) {
            throw new RefusedException(verdict.refusal());
        }
        session.admitted(verdict);
    }

    @Override
    public long deadline() {
        return session.deadline();
    }

    @Override
    public void deadline(long nanos) {
        session.deadline(nanos);
    }

    @Override
    public boolean closed() {
        return session.isClosed();
    }
}
