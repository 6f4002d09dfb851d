package dev.weft.balance;

import dev.weft.tls.ClientTls;
import dev.weft.tls.TlsBuffers;
import dev.weft.tls.TlsConnection;
import dev.weft.transport.LocalSocketException;
import dev.weft.transport.StreamConnection;
import dev.weft.transport.Transport;
import java.io.IOException;
import java.net.SocketTimeoutException;
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

    private final Backend backend;
    private final Transport transport;
    private final ClientTls tls;
    private final TlsBuffers tlsBuffers;

    /** @param tls for a TLS backend, how to re-encrypt; null (and no buffers) for plain TCP */
    public BackendConnector(Backend backend, Transport transport, ClientTls tls, TlsBuffers tlsBuffers) {
        this.backend = backend;
        this.transport = transport;
        this.tls = tls;
        this.tlsBuffers = tlsBuffers;
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
        TlsConnection secured = new TlsConnection(lease.connection(), tls.newEngine(endpoint.address()),
                tlsBuffers.records(), tlsBuffers.batches());
        try {
            secured.handshake();
        } catch (IOException | RuntimeException e) {
            secured.abort();
            String reason = "TLS handshake: " + (e.getMessage() != null ? e.getMessage()
                    : e.getClass().getSimpleName());
            endpoint.health().recordFailure(reason);
            LOG.log(System.Logger.Level.WARNING, session.get() + ": closing client: backend '" + backend.name()
                    + "' endpoint " + endpoint.address() + " failed the " + reason);
            throw e instanceof IOException io ? io : new IOException(reason, e);
        }
        lease.upgrade(secured);
    }

    /**
     * @param session names the client connection in the log line written when every attempt fails; only
     *                called then
     * @return the open lease, or null after logging one line that says why
     */
    public BackendLease connect(Supplier<String> session) {
        List<Endpoint> tried = List.of();
        StringBuilder failures = null;
        int attempts = 1 + backend.config().connectRetries();
        for (int attempt = 0; attempt < attempts; attempt++) {
            Endpoint endpoint = backend.pick(tried);
            if (endpoint == null) {
                break;
            }
            endpoint.acquire();
            try {
                StreamConnection connection = transport.connect(endpoint.address(), backend.config().connectTimeout());
                return new BackendLease(endpoint, connection);
            } catch (LocalSocketException e) {
                endpoint.release();
                LOG.log(System.Logger.Level.WARNING, session.get() + ": closing client: " + e.getMessage());
                return null;
            } catch (IOException e) {
                endpoint.release();
                String reason = reason(e);
                endpoint.health().recordFailure("client connect: " + reason);
                if (tried.isEmpty()) {
                    tried = new ArrayList<>(attempts);
                    failures = new StringBuilder();
                } else {
                    failures.append(", ");
                }
                tried.add(endpoint);
                failures.append(endpoint.address()).append(" (").append(reason).append(')');
            }
        }
        LOG.log(System.Logger.Level.WARNING, session.get() + ": closing client: " + (failures == null
                ? "backend '" + backend.name() + "' has no healthy endpoint"
                : "no endpoint of backend '" + backend.name() + "' accepted the connection: " + failures));
        return null;
    }

    private String reason(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return "connect timed out after " + backend.config().connectTimeout().toMillis() + " ms";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
