package dev.weft.balance;

import dev.weft.config.HostPort;
import dev.weft.config.ProxyProtocolVersion;
import dev.weft.log.RateLimitedLog;
import dev.weft.proxyprotocol.ProxyHeader;
import dev.weft.proxyprotocol.ProxyHeaderWriter;
import dev.weft.proxyprotocol.TlsDetails;
import dev.weft.tls.ClientTls;
import dev.weft.tls.TlsStream;
import dev.weft.transport.BufferPool;
import dev.weft.transport.LocalSocketException;
import dev.weft.transport.StreamConnection;
import dev.weft.transport.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Opens a connection for one client to one endpoint of a backend: picks, connects with the backend's timeout, and
 * on failure tries another endpoint up to {@code connect-retries} times. Each failed connect counts as a failed
 * health check of that endpoint. Runs on the client's own virtual thread, never on the acceptor.
 */
public final class BackendConnector {
    private static final System.Logger LOG = System.getLogger("weft.balance");
    /** A full fd table refuses every client at once: one line per interval, with a count, not one per client. */
    private static final RateLimitedLog NO_SOCKET = new RateLimitedLog(LOG, System.Logger.Level.WARNING);

    private final Backend backend;
    private final Transport transport;
    private final ClientTls tls;
    private final BufferPool headerBuffers;
    private final RateLimitedLog noCapacity = new RateLimitedLog(LOG, System.Logger.Level.WARNING);
    private final RateLimitedLog noEndpoint = new RateLimitedLog(LOG, System.Logger.Level.WARNING);
    private final RateLimitedLog tlsFailed = new RateLimitedLog(LOG, System.Logger.Level.WARNING);

    /**
     * @param tls           for a TLS backend, how to re-encrypt; null for plain TCP
     * @param headerBuffers for the PROXY headers of a backend that takes them; null otherwise
     */
    public BackendConnector(Backend backend, Transport transport, ClientTls tls, BufferPool headerBuffers) {
        this.backend = backend;
        this.transport = transport;
        this.tls = tls;
        this.headerBuffers = headerBuffers;
    }

    /** True when the endpoints expect a PROXY header before any client byte. */
    public boolean sendsProxyHeader() {
        return backend.config().proxyProtocol() != ProxyProtocolVersion.NONE;
    }

    /** Writes the PROXY header that tells the endpoint who the client is, before anything else (TLS included). */
    public void sendProxyHeader(BackendLease lease, ProxyHeader header, TlsDetails clientTls) throws IOException {
        ByteBuffer buffer = headerBuffers.acquire();
        try {
            ProxyHeaderWriter.write(backend.config().proxyProtocol(), header, clientTls, buffer);
            buffer.flip();
            lease.connection().write(buffer);
        } finally {
            headerBuffers.release(buffer);
        }
    }

    public Backend backend() {
        return backend;
    }

    /** True for a TLS backend, whose leases need {@link #secure} before use. */
    public boolean secured() {
        return tls != null;
    }

    public Duration handshakeTimeout() {
        return tls.config().handshakeTimeout();
    }

    /**
     * The TLS handshake with the lease's endpoint, after which the lease speaks TLS. A failure counts against
     * the endpoint's health, is logged, and is thrown; the caller closes the lease.
     */
    public void secure(BackendLease lease, Supplier<String> session) throws IOException {
        Endpoint endpoint = lease.endpoint();
        TlsStream secured;
        try {
            secured = tls.connect(lease.connection(), endpoint.address());
        } catch (IOException | RuntimeException e) {
            String reason = "TLS handshake: " + (e.getMessage() != null ? e.getMessage()
                    : e.getClass().getSimpleName());
            endpoint.health().recordFailure(reason);
            tlsFailed.log(() -> session.get() + ": closing client: backend '" + backend.name() + "' endpoint "
                    + endpoint.address() + " failed the " + reason);
            throw e instanceof IOException io ? io : new IOException(reason, e);
        }
        lease.upgrade(secured);
    }

    /** True when {@link #connect} needs the client's address (for affinity). */
    public boolean needsClientAddress() {
        return backend.needsClientAddress();
    }

    /**
     * A lease on a connection the process before this one made to {@code address} and handed over: counted on
     * that endpoint (beyond its limits if need be: the connection exists), or null when this configuration has no
     * endpoint there.
     */
    public BackendLease adopt(InetSocketAddress address, StreamConnection connection) {
        Endpoint endpoint = backend.endpoint(address);
        if (endpoint == null) {
            return null;
        }
        endpoint.adopted();
        return new BackendLease(endpoint, connection, 0, 0, null);
    }

    /** Why {@link #connect} gave no lease, for the session's access-log record. */
    @FunctionalInterface
    public interface Failure {
        /**
         * @param tried    the endpoints whose connects failed, with why; null when none had room (no capacity)
         * @param attempts how many connects were tried
         */
        void failed(String tried, int attempts);
    }

    /**
     * @param session names the client connection in the log line written when every attempt fails; only
     *                called then
     * @param client  the client's address, when {@link #needsClientAddress()}; else null
     * @param failed  told why when no lease comes of it, before the log line
     * @return the open lease, or null after logging one line that says why
     */
    public BackendLease connect(Supplier<String> session, InetAddress client, Failure failed) {
        List<Endpoint> tried = List.of();
        StringBuilder failures = null;
        int attempts = 1 + backend.config().connectRetries();
        for (int attempt = 0; attempt < attempts; attempt++) {
            Endpoint endpoint = backend.reserve(tried, client);
            if (endpoint == null) {
                break;
            }
            if (attempt > 0) {
                backend.retried();
            }
            long start = System.nanoTime();
            try {
                StreamConnection connection = transport.connect(endpoint.address(), backend.config().connectTimeout(),
                        backend.config().tcp());
                long took = System.nanoTime() - start;
                backend.connectTime().record(took);
                endpoint.health().clientConnectSucceeded();
                return new BackendLease(endpoint, connection, took / 1000, tried.size(),
                        failures == null ? null : failures.toString());
            } catch (LocalSocketException e) {
                endpoint.release(0, 0);
                failed.failed((failures == null ? "" : failures + ", ") + "no local socket (" + e.getMessage()
                        + ")", attempt + 1);
                NO_SOCKET.log(() -> session.get() + ": closing client: " + e.getMessage());
                return null;
            } catch (IOException e) {
                endpoint.release(0, 0);
                endpoint.connectFailed();
                String reason = reason(e);
                endpoint.health().clientConnectFailed("client connect: " + reason);
                if (tried.isEmpty()) {
                    tried = new ArrayList<>(attempts);
                    failures = new StringBuilder();
                } else {
                    failures.append(", ");
                }
                tried.add(endpoint);
                failures.append(HostPort.of(endpoint.address())).append(" (").append(reason).append(')');
            }
        }
        failed.failed(failures == null ? null : failures.toString(), tried.size());
        StringBuilder refusals = failures;
        (failures == null ? noCapacity : noEndpoint).log(() -> session.get() + ": closing client: " + (refusals == null
                ? "backend '" + backend.name() + "' has no healthy endpoint with spare capacity"
                : "no endpoint of backend '" + backend.name() + "' accepted the connection: " + refusals));
        return null;
    }

    private String reason(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return "connect timed out after " + backend.config().connectTimeout().toMillis() + " ms";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
