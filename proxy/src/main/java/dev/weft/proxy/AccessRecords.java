package dev.weft.proxy;

import dev.weft.balance.BackendLease;
import dev.weft.balance.Endpoint;
import dev.weft.metrics.AccessLog;
import dev.weft.proxyprotocol.ClientCertificate;
import dev.weft.proxyprotocol.TlsDetails;

/** Builds the access-log record of a closed session from what the session saw. */
final class AccessRecords {
    private AccessRecords() {
    }

    /**
     * @param opened    what the frontend gave, null if opening failed
     * @param connected the backend connection, null if none was made
     * @param upstream  client to endpoint, null if never connected; {@code downstream} the other way
     */
    static AccessLog.Entry entry(String listener, long startMillis, long startNanos, Frontend.Opened opened,
                                 BackendLease connected, String client, Direction upstream, Direction downstream,
                                 TerminationCause cause) {
        TlsDetails tls = opened == null ? null : opened.tls();
        ClientCertificate certificate = tls == null ? null : tls.clientCertificate();
        Endpoint endpoint = connected == null ? null : connected.endpoint();
        return new AccessLog.Entry(startMillis, (System.nanoTime() - startNanos) / 1000, listener, client,
                opened == null ? null : opened.connector().backend().name(),
                endpoint == null ? null : endpoint.group().name(),
                endpoint == null ? null : address(endpoint),
                tls == null ? null : tls.serverName(), tls == null ? null : tls.version(),
                tls == null ? null : tls.cipher(), certificate == null ? null : certificate.subject(),
                certificate == null ? null : String.join(",", certificate.names()),
                certificate == null ? null : certificate.sha256(), upstream == null ? 0 : upstream.bytes(),
                downstream == null ? 0 : downstream.bytes(), cause.text());
    }

    private static String address(Endpoint endpoint) {
        return endpoint.address().getAddress().getHostAddress() + ":" + endpoint.address().getPort();
    }
}
