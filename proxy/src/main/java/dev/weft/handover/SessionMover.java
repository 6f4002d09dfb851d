package dev.weft.handover;

import dev.weft.config.HostPort;
import dev.weft.linux.FdChannel;
import dev.weft.proxy.MovedSession;
import dev.weft.proxy.ProxySession;
import dev.weft.server.WeftServer;
import dev.weft.transport.SocketAccess;
import dev.weft.transport.StreamConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The old process's last work in an upgrade: it stops accepting and drains as a shutdown does, and meanwhile
 * asks every session to move. A plain session whose two directions come to rest (no byte held) sends its two
 * sockets and its state to the new process, one {@code SESSION} message each, and lets go of them here; a busy one
 * moves when it comes to rest; one that cannot move (TLS on either side, half-closed, still connecting) finishes
 * here within the drain timeout. Sessions stop on their own virtual threads; the sending is done here, on one
 * platform thread, since the socket blocks.
 */
final class SessionMover {
    private static final System.Logger LOG = System.getLogger("weft.upgrade");
    private static final long POLL_MILLIS = 50;

    /** A session stopped and waiting for its sockets to be sent. */
    private record Pending(ProxySession session, CompletableFuture<Boolean> sent) {
    }

    private final WeftServer server;
    private final FdChannel channel;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private int moved;

    SessionMover(WeftServer server, FdChannel channel) {
        this.server = server;
        this.channel = channel;
    }

    /** Moves what can move, drains the rest, and tells the new process when nothing more will come. */
    void moveThenDrain() {
        Duration drainTimeout = server.config().shutdown().drainTimeout();
        Thread drain = Thread.ofPlatform().name("weft-upgrade-drain").start(() -> {
            try {
                server.shutdown(Duration.ZERO, drainTimeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        int asked = 0;
        for (ProxySession session : server.sessions()) {
            if (session.requestMove(this::stopped)) {
                asked++;
            }
        }
        LOG.log(System.Logger.Level.INFO, "upgrade: " + asked + " session(s) move to the new process as they come "
                + "to rest; the others finish here, for up to " + drainTimeout.toMillis() + " ms");
        try {
            while (drain.isAlive() || !queue.isEmpty()) {
                Pending next = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (next != null) {
                    next.sent().complete(send(next.session()));
                }
            }
            channel.send(HandoverMessage.of(HandoverMessage.DONE).encode());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "upgrade: cannot tell the new process the handover is done: "
                    + e.getMessage());
        } finally {
            channel.close();
            for (Pending left = queue.poll(); left != null; left = queue.poll()) {
                left.sent().complete(false);
            }
        }
        LOG.log(System.Logger.Level.INFO, "upgrade: moved " + moved + " session(s); this process is done");
    }

    /** Called on a session's pump thread once both directions stopped: waits for the send. */
    private boolean stopped(ProxySession session) {
        Pending pending = new Pending(session, new CompletableFuture<>());
        queue.add(pending);
        return pending.sent().join();
    }

    private boolean send(ProxySession session) {
        MovedSession state = session.moved();
        StreamConnection[] connections = session.connections();
        if (!(connections[0] instanceof SocketAccess client) || !(connections[1] instanceof SocketAccess backend)) {
            return false;
        }
        try {
            int clientFd = client.acquireDescriptor();
            try {
                int backendFd = backend.acquireDescriptor();
                try {
                    channel.send(HandoverMessage.of(HandoverMessage.SESSION, state.oldId(), state.listener(),
                            state.backend(), address(state.endpoint()), state.startMillis(), state.bytesUp(),
                            state.bytesDown(), state.origin() == null ? "-" : address(state.origin().source()),
                            state.origin() == null ? "-" : address(state.origin().destination())).encode(),
                            clientFd, backendFd);
                    moved++;
                    return true;
                } finally {
                    backend.releaseDescriptor();
                }
            } finally {
                client.releaseDescriptor();
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "upgrade: cannot move session #" + state.oldId() + ": "
                    + e.getMessage());
            return false;
        }
    }

    private static String address(InetSocketAddress address) {
        return HostPort.of(address).toString();
    }
}
