package dev.weft.tls.openssl;

import dev.weft.openssl.LibSsl;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last session each endpoint of a backend gave, so the next connection to it resumes. Keyed by the
 * endpoint's address, which the config bounds; the connection a session arrives on is matched to its endpoint
 * while it is open. A session is replaced, and freed, under its key's lock, so a connection that resumes from
 * it has taken its reference first.
 */
final class ClientSessions {
    private final Map<Long, String> endpointOf = new ConcurrentHashMap<>();
    private final Map<String, MemorySegment> sessions = new ConcurrentHashMap<>();

    /** Offers the endpoint's last session to {@code ssl}, before its handshake, and notes which endpoint it is. */
    void resume(MemorySegment ssl, String endpoint) {
        endpointOf.put(ssl.address(), endpoint);
        sessions.computeIfPresent(endpoint, (key, session) -> {
            LibSsl.SSL_set_session(ssl, session);
            return session;
        });
    }

    /** Takes {@code session}'s reference for its endpoint; false when the connection's endpoint is not known. */
    boolean keep(MemorySegment ssl, MemorySegment session) {
        String endpoint = endpointOf.get(ssl.address());
        if (endpoint == null) {
            return false;
        }
        sessions.compute(endpoint, (key, previous) -> {
            if (previous != null) {
                LibSsl.SSL_SESSION_free(previous);
            }
            return session;
        });
        return true;
    }

    /** The connection is freed: its address may be reused by the next SSL. */
    void forget(MemorySegment ssl) {
        endpointOf.remove(ssl.address());
    }

    void freeAll() {
        sessions.forEach((key, session) -> sessions.computeIfPresent(key, (k, s) -> {
            LibSsl.SSL_SESSION_free(s);
            return null;
        }));
    }
}
