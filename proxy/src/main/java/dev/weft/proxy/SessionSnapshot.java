package dev.weft.proxy;

import dev.weft.balance.BackendLease;
import java.net.InetSocketAddress;

/**
 * One session as {@code bin/weft show sessions} lists it, taken at one instant without stopping it.
 *
 * @param phase    {@code opening} (PROXY header, handshake, ClientHello), {@code connecting}, {@code open} or
 *                 {@code half-closed}
 * @param backend  null until the session knows its backend
 * @param endpoint {@code host:port} of its endpoint, null until connected
 * @param bytesUp  client to endpoint so far; {@code bytesDown} the other way
 */
public record SessionSnapshot(long id, String listener, String client, String phase, String backend,
                              String endpoint, long ageMillis, long idleMillis, long bytesUp, long bytesDown) {

    /**
     * @param opened    what opening gave, null while opening
     * @param connected the endpoint connection, null until connected
     * @param pumps     set with {@code connected}
     */
    static SessionSnapshot of(long id, String listener, InetSocketAddress client, Frontend.Opened opened,
                              BackendLease connected, SessionPumps pumps, long startNanos, long nowNanos) {
        String phase = opened == null ? "opening" : connected == null ? "connecting"
                : pumps.halfClosed() ? "half-closed" : "open";
        long last = connected == null ? startNanos : pumps.lastActivityNanos();
        return new SessionSnapshot(id, listener, AccessRecords.text(client), phase,
                opened == null ? null : opened.connector().backend().name(),
                connected == null ? null : AccessRecords.text(connected.endpoint().address()),
                (nowNanos - startNanos) / 1_000_000, (nowNanos - last) / 1_000_000,
                connected == null ? 0 : pumps.upstream.bytes(), connected == null ? 0 : pumps.downstream.bytes());
    }
}
