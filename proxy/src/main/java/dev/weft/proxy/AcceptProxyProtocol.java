package dev.weft.proxy;

import dev.weft.proxyprotocol.ProxyHeader;
import dev.weft.proxyprotocol.ProxyHeaderReader;
import dev.weft.transport.BufferPool;
import dev.weft.transport.StreamConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * {@code accept-proxy-protocol = true}: reads the PROXY header (v1 or v2) a downstream balancer puts before the
 * client's bytes, then lets the listener's own frontend open the connection (TLS or not) with whatever was read
 * past the header. The header's addresses become the client's for the rest of the session: logs, balancing, the
 * header Weft itself sends. A connection without a valid header is closed; the others are not affected.
 */
public final class AcceptProxyProtocol implements Frontend {
    private final Frontend inner;
    private final BufferPool headerBuffers;
    private final Duration timeout;

    /** @param headerBuffers buffers of at least {@link ProxyHeaderReader#V2_MAX} bytes */
    public AcceptProxyProtocol(Frontend inner, BufferPool headerBuffers, Duration timeout) {
        if (headerBuffers.bufferSize() < ProxyHeaderReader.V2_MAX) {
            throw new IllegalArgumentException("PROXY header buffers must hold " + ProxyHeaderReader.V2_MAX + " bytes");
        }
        this.inner = inner;
        this.headerBuffers = headerBuffers;
        this.timeout = timeout;
    }

    /** The header's time; once it is read, the inner frontend's (a TLS handshake) starts. */
    @Override
    public Duration openTimeout() {
        return timeout;
    }

    @Override
    public boolean handshakes() {
        return inner.handshakes();
    }

    @Override
    public boolean readsProxyHeader() {
        return true;
    }

    @Override
    public Opened open(StreamConnection client, ByteBuffer received, BufferPool receivedPool, Opening opening,
                       Supplier<String> label) throws IOException {
        ByteBuffer buffer = headerBuffers.acquire();
        buffer.limit(ProxyHeaderReader.V2_MAX);
        try {
            ProxyHeaderReader.Result result = ClientPrefix.read(client, buffer, ProxyHeaderReader::parse,
                    ProxyHeaderReader.Incomplete.class, "PROXY header");
            switch (result) {
                case ProxyHeaderReader.Invalid invalid -> throw new IOException(invalid.reason());
                case ProxyHeaderReader.Parsed parsed -> {
                    opening.admit(parsed.header());
                    opening.headerRead(inner.openTimeout());
                    buffer.flip().position(parsed.length());
                    ByteBuffer rest = buffer;
                    buffer = null;
                    Opened opened = inner.open(client, rest, headerBuffers, opening, label);
                    return opened == null ? null : opened.from(parsed.header());
                }
                case ProxyHeaderReader.Incomplete incomplete -> throw new IllegalStateException("not a verdict");
            }
        } finally {
            if (buffer != null) {
                headerBuffers.release(buffer);
            }
        }
    }
}
