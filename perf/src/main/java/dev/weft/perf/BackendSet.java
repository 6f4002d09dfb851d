package dev.weft.perf;

import java.net.InetSocketAddress;

/**
 * The three backends a comparison proxies to, or the listeners a target exposes for them.
 *
 * @param tls a target's TLS-terminating listeners; null for the backends themselves and for targets without TLS
 */
record BackendSet(InetSocketAddress echo, InetSocketAddress sink, InetSocketAddress source, TlsListeners tls) {

    /**
     * Listeners that terminate TLS with the comparison's certificates and proxy in plain TCP.
     *
     * @param echoEc  to the echo backend, with the ECDSA P-256 certificate
     * @param echoRsa to the echo backend, with the RSA 2048 certificate
     * @param sink    to the sink, with the ECDSA certificate
     */
    record TlsListeners(InetSocketAddress echoEc, InetSocketAddress echoRsa, InetSocketAddress sink) {
    }
}
