package dev.weft.control;

import dev.weft.files.OwnedFile;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The local control socket: a Unix domain socket, readable and writable by the owner only, that takes one runtime
 * command per connection (see {@link RuntimeApi}) and answers with one or more lines, the first starting with
 * {@code OK} or {@code ERROR}; a command prefixed with {@code json} is answered in JSON instead. The
 * {@code bin/weft} commands {@code reload}, {@code show}, {@code set} and {@code shutdown} are its clients.
 */
public final class ControlSocket implements AutoCloseable {
    private static final int MAX_COMMAND = 1024;
    private static final String JSON = "json ";
    private static final System.Logger LOG = System.getLogger("weft.server");

    private final OwnedFile file;
    private final ServerSocketChannel server;
    private final RuntimeApi api;

    private ControlSocket(OwnedFile file, ServerSocketChannel server, RuntimeApi api) {
        this.file = file;
        this.server = server;
        this.api = api;
    }

    /**
     * Binds at {@code path}. The socket is bound inside a fresh owner-only directory beside it, made owner-only
     * there, and only then linked into place, so there is no moment at which another user could connect. A
     * socket a stopped process left at {@code path} (nobody accepts on it) is replaced; anything else is refused.
     */
    public static ControlSocket open(Path path, RuntimeApi api) throws IOException {
        if (checkReplaceable(path)) {
            Files.deleteIfExists(path);
        }
        Path parent = path.toAbsolutePath().getParent();
        Path privateDirectory = Files.createTempDirectory(parent, ".weft-control-",
                PosixFilePermissions.asFileAttribute(OwnedFile.OWNER_ONLY_DIRECTORY));
        Path staged = privateDirectory.resolve("s");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(staged));
            Files.setPosixFilePermissions(staged, OwnedFile.OWNER_ONLY);
            // A hard link, not a rename: it fails if anything took the name since the check, never replacing it.
            Files.createLink(path, staged);
        } catch (IOException e) {
            server.close();
            throw e;
        } finally {
            Files.deleteIfExists(staged);
            Files.deleteIfExists(privateDirectory);
        }
        ControlSocket control = new ControlSocket(OwnedFile.adopt(path), server, api);
        Thread.ofVirtual().name("weft-control").start(control::serve);
        LOG.log(System.Logger.Level.INFO, "control socket " + path + " (bin/weft reload, show, set, shutdown)");
        return control;
    }

    /**
     * Refuses a {@code path} that holds anything but a socket nobody listens on: a regular file, a directory, or
     * the live socket of another process. For {@code weft check} as for starting.
     *
     * @return whether a stale socket, what a stopped Weft leaves, is there to be replaced
     */
    public static boolean checkReplaceable(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (!Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
            throw new IOException(path + " exists and is not a socket; Weft replaces no file it did not create "
                    + "(choose another control.socket, or remove it)");
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            throw new IOException(path + " is the control socket of a running process");
        } catch (ConnectException e) {
            return true;
        }
    }

    private void serve() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                Thread.ofVirtual().start(() -> answer(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void answer(SocketChannel client) {
        try (client) {
            ByteBuffer command = ByteBuffer.allocate(MAX_COMMAND);
            while (command.hasRemaining() && client.read(command) > 0 && command.get(command.position() - 1) != '\n') {
                // Until the end of the line.
            }
            String text = new String(command.array(), 0, command.position(), StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                return; // A probe (checkReplaceable) or a client that sent nothing: nothing to answer.
            }
            boolean json = text.startsWith(JSON);
            Reply answer = api.execute(json ? text.substring(JSON.length()) : text);
            String reply = json ? answer.json().strip() : answer.text();
            ByteBuffer out = ByteBuffer.wrap((reply + "\n").getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                client.write(out);
            }
        } catch (IOException e) {
            // The client went away before its answer.
        }
    }

    /** Sends {@code command} to the socket at {@code path} and returns the answer. */
    public static String send(Path path, String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            ByteBuffer out = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            // A session list can be long: read it all, whatever its length, until the server closes.
            return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // The process is ending.
        }
        file.delete();
    }
}
