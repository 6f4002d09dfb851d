package dev.weft.tls;

import java.io.IOException;

/**
 * A listener's bound on handshake CPU ({@code tls.max-concurrent-handshakes}), as one handshake sees it: a slot is
 * held while the handshake computes and given back while it waits for the peer's bytes. A client that sends
 * nothing, or one byte every few seconds, holds no slot while it is silent, so it cannot delay anyone else; its
 * own handshake timeout ends it.
 */
public interface HandshakeSlot {
    /** For a handshake with no bound: a client-side one, or a test's. */
    HandshakeSlot UNBOUNDED = new HandshakeSlot() {
        @Override
        public void awaitPeer() {
        }

        @Override
        public void compute() {
        }
    };

    /** The handshake is about to wait for the peer: the slot, if held, goes back. */
    void awaitPeer();

    /**
     * The peer's bytes are here: take a slot, waiting while all are held, at most until the handshake's deadline.
     *
     * @throws IOException when the deadline passes first
     */
    void compute() throws IOException;
}
