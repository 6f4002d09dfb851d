package dev.weft.handover;

import dev.weft.config.HostPort;
import dev.weft.linux.FdChannel;
import dev.weft.proxy.MovedSession;
import dev.weft.proxy.ProxySession;
import dev.weft.proxyprotocol.ProxyHeader;
import dev.weft.server.InheritedListener;
import dev.weft.server.WeftServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The new side of {@code bin/weft upgrade}: started by the old process with {@value #ENVIRONMENT} naming the
 * handover socket, it takes the listening sockets before its server starts, says READY once it accepts on them,
 * waits until the old process has let go of the control socket, the admin port and its files, says SERVING once
 * it has them, and then takes up every session the old process hands over until it says DONE.
 */
public final class Successor implements AutoCloseable {
    /** The environment variable that names the handover socket. */
    public static final String ENVIRONMENT = "WEFT_HANDOVER";
    private static final System.Logger LOG = System.getLogger("weft.upgrade");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final FdChannel channel;
    private final Map<String, InheritedListener> listeners;

    private Successor(FdChannel channel, Map<String, InheritedListener> listeners) {
        this.channel = channel;
        this.listeners = listeners;
    }

    /** The handover this process was started for, or null when it was started as any other. */
    public static Successor fromEnvironment() throws IOException {
        String path = System.getenv(ENVIRONMENT);
        if (path == null || path.isEmpty()) {
            return null;
        }
        FdChannel channel = FdChannel.connect(Path.of(path), TIMEOUT);
        try {
            FdChannel.Message first = channel.receive();
            if (first == null) {
                throw new IOException("the old process closed the handover socket");
            }
            HandoverMessage message = HandoverMessage.decode(first.payload());
            if (!message.kind().equals(HandoverMessage.LISTENERS) || message.words().size() != 2 * first.fds().length) {
                FdChannel.closeAll(first.fds());
                throw new IOException("unexpected handover message: " + message);
            }
            Map<String, InheritedListener> listeners = new LinkedHashMap<>();
            for (int i = 0; i < first.fds().length; i++) {
                String name = message.word(2 * i);
                listeners.put(name, new InheritedListener(name, HostPort.parse(message.word(2 * i + 1), true)
                        .address(), first.fds()[i]));
            }
            LOG.log(System.Logger.Level.INFO, "upgrade: took " + listeners.size() + " listening socket(s) from the "
                    + "old process");
            return new Successor(channel, listeners);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    /** The listening sockets, by listener name, for {@link WeftServer#start}. */
    public Map<String, InheritedListener> listeners() {
        return listeners;
    }

    /** This process accepts on the sockets: waits until the old one has released its side services. */
    public void ready() throws IOException {
        channel.send(HandoverMessage.of(HandoverMessage.READY, ProcessHandle.current().pid()).encode());
        FdChannel.Message released = channel.receive();
        if (released == null || !HandoverMessage.decode(released.payload()).kind().equals(HandoverMessage.RELEASED)) {
            throw new IOException("the old process did not release its services");
        }
    }

    /** This process could not start: the old one serves on. */
    public void failed(String reason) {
        try {
            channel.send(HandoverMessage.of(HandoverMessage.FAILED, reason).encode());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "upgrade: cannot tell the old process why this one stops: "
                    + e.getMessage());
        }
        channel.close();
    }

    /** Says SERVING, then takes up the sessions that come, on a platform thread, until the old process is done. */
    public void serving(WeftServer server) throws IOException {
        channel.send(HandoverMessage.of(HandoverMessage.SERVING).encode());
        // The old process sends as its sessions come to rest, for up to its drain timeout: wait as long as it may.
        channel.timeouts(Duration.ZERO);
        Thread.ofPlatform().name("weft-upgrade-sessions").daemon().start(() -> takeUp(server));
    }

    private void takeUp(WeftServer server) {
        int taken = 0;
        try {
            while (true) {
                FdChannel.Message received = channel.receive();
                if (received == null) {
                    break;
                }
                HandoverMessage message = HandoverMessage.decode(received.payload());
                if (message.kind().equals(HandoverMessage.DONE)) {
                    FdChannel.closeAll(received.fds());
                    break;
                }
                if (!message.kind().equals(HandoverMessage.SESSION) || received.fds().length != 2
                        || message.words().size() != 9) {
                    FdChannel.closeAll(received.fds());
                    LOG.log(System.Logger.Level.WARNING, "upgrade: unexpected message " + message);
                    continue;
                }
                if (server.adopt(moved(message), received.fds()[0], received.fds()[1])) {
                    taken++;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "upgrade: the handover of sessions ended early: " + e.getMessage());
        } finally {
            channel.close();
        }
        LOG.log(System.Logger.Level.INFO, "upgrade: took up " + taken + " session(s) from the old process");
    }

    private static MovedSession moved(HandoverMessage message) {
        ProxyHeader origin = message.word(7).equals("-") ? null : new ProxyHeader(
                HostPort.parse(message.word(7), true).address(), HostPort.parse(message.word(8), true).address());
        return new MovedSession(Long.parseLong(message.word(4)), Long.parseLong(message.word(5)),
                Long.parseLong(message.word(6)), origin, message.word(1), message.word(2),
                HostPort.parse(message.word(3), false).address(), Long.parseLong(message.word(0)));
    }

    @Override
    public void close() {
        channel.close();
    }
}
