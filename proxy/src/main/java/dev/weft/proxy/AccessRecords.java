package dev.weft.proxy;

import dev.weft.balance.BackendLease;
import dev.weft.balance.Endpoint;
import dev.weft.metrics.AccessLog;
import dev.weft.proxyprotocol.ClientCertificate;
import dev.weft.proxyprotocol.TlsDetails;
import java.net.InetSocketAddress;

/** Builds the access-log record of a connection, from what its session saw or from a refusal at accept. */
public final class AccessRecords {
    private AccessRecords() {
    }

    /**
     * What a session saw of its connection.
     *
     * @param opened    what the frontend gave, null if opening failed
     * @param connected the backend connection, null if none was made
     * @param tried     endpoints whose connects failed, with why; null if none did
     */
    record Seen(String listener, long id, long startMillis, long startNanos, Frontend.Opened opened,
                BackendLease connected, String frontend, String client, String backendSource,
                AccessLog.Timings timings, String tried) {
    }

    /**
     * @param upstream   client to endpoint, null if never connected; {@code downstream} the other way
     * @param termination the two-letter code of {@link TerminationCause#code}
     */
    static AccessLog.Entry entry(Seen seen, Direction upstream, Direction downstream, String termination,
                                 TerminationCause cause) {
        TlsDetails tls = seen.opened() == null ? null : seen.opened().tls();
        ClientCertificate certificate = tls == null ? null : tls.clientCertificate();
        Endpoint endpoint = seen.connected() == null ? null : seen.connected().endpoint();
        return new AccessLog.Entry(seen.startMillis(), (System.nanoTime() - seen.startNanos()) / 1000, seen.id(),
                seen.listener(), seen.frontend(), seen.client(),
                seen.opened() == null ? null : seen.opened().connector().backend().name(),
                endpoint == null ? null : endpoint.group().name(),
                endpoint == null ? null : text(endpoint.address()), seen.backendSource(),
                tls == null ? null : tls.serverName(), tls == null ? null : tls.version(),
                tls == null ? null : tls.cipher(), certificate == null ? null : certificate.subject(),
                certificate == null ? null : String.join(",", certificate.names()),
                certificate == null ? null : certificate.sha256(), seen.timings(), seen.tried(),
                upstream == null ? 0 : upstream.bytes(), downstream == null ? 0 : downstream.bytes(), termination,
                cause.text());
    }

    /** The record of a client refused as it was accepted, before any session: no id, phase R. */
    public static AccessLog.Entry refusedAtAccept(String listener, long startMillis, InetSocketAddress frontend,
                                                  InetSocketAddress client, TerminationCause cause) {
        return new AccessLog.Entry(startMillis, 0, 0, listener, text(frontend), text(client), null, null, null,
                null, null, null, null, null, null, null, AccessLog.Timings.NONE, null, 0, 0, cause.code('R'),
                cause.text());
    }

    /** {@code ip:port}, without the slash and host name {@link InetSocketAddress#toString} adds. */
    static String text(InetSocketAddress address) {
        return address.getAddress() == null ? address.getHostString() + ":" + address.getPort()
                : address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
