package dev.weft.tls;

import dev.weft.transport.BufferPool;
import dev.weft.transport.StreamConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * The sending side of a {@link TlsConnection}: wraps plaintext into records and writes them, a batch of records
 * to one socket write, through a buffer borrowed for the write. Its lock is per connection; the writer holds it
 * for each write, and the reader only to answer the peer (a handshake flight, a TLS 1.3 key update, a TLS 1.2
 * close_notify).
 */
final class RecordWriter {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final StreamConnection raw;
    private final SSLEngine engine;
    private final BufferPool batches;
    private final int packetSize;
    private final ReentrantLock lock = new ReentrantLock();

    RecordWriter(StreamConnection raw, SSLEngine engine, BufferPool batches, int packetSize) {
        this.raw = raw;
        this.engine = engine;
        this.batches = batches;
        this.packetSize = packetSize;
    }

    /** Wraps all of {@code source} and writes it. */
    void send(ByteBuffer source) throws IOException {
        lock.lock();
        ByteBuffer netOut = batches.acquire();
        try {
            do {
                netOut.clear();
                SSLEngineResult result;
                do {
                    result = engine.wrap(source, netOut);
                    if (result.getStatus() == SSLEngineResult.Status.CLOSED && source.hasRemaining()) {
                        throw new SSLException("TLS output already closed");
                    }
                    if (result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                        runTasks(engine);
                    }
                } while (result.getStatus() == SSLEngineResult.Status.OK
                        && (source.hasRemaining() || engine.getHandshakeStatus()
                        == SSLEngineResult.HandshakeStatus.NEED_WRAP)
                        && netOut.remaining() >= packetSize);
                netOut.flip();
                if (netOut.hasRemaining()) {
                    raw.write(netOut);
                }
            } while (source.hasRemaining() || (source == EMPTY
                    && engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP));
        } finally {
            batches.release(netOut);
            lock.unlock();
        }
    }

    /** Writes what the engine has to say by itself: a handshake flight, an answer, a close_notify. */
    void flight() throws IOException {
        send(EMPTY);
    }

    /** After a failure the engine may hold an alert for the peer: send it, best effort, so the peer learns why. */
    void alert() {
        try {
            engine.closeOutbound();
            if (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                flight();
            }
        } catch (IOException | RuntimeException e) {
            // The peer is gone or the engine has nothing to say: closing is all that is left.
        }
    }

    /** Runs the engine's delegated tasks inline, on the connection's own virtual thread. */
    static void runTasks(SSLEngine engine) {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }
}
