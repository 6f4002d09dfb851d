package dev.weft.cli;

import dev.weft.files.OwnedFile;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The local control socket: a Unix domain socket, readable and writable by the owner only, that takes one command
 * per connection ({@code reload}) and answers with one or more lines, the first starting with {@code OK} or
 * {@code ERROR}. {@code bin/weft reload} is its client.
 */
final class ControlSocket implements AutoCloseable {
    private static final int MAX_COMMAND = 64;
    private static final System.Logger LOG = System.getLogger("weft.server");

    private final OwnedFile file;
    private final ServerSocketChannel server;
    private final Reloader reloader;

    private ControlSocket(OwnedFile file, ServerSocketChannel server, Reloader reloader) {
        this.file = file;
        this.server = server;
        this.reloader = reloader;
    }

    /**
     * Binds at {@code path}. The socket is bound inside a fresh owner-only directory beside it, made owner-only
     * there, and only then linked into place, so there is no moment at which another user could connect. A
     * socket a stopped process left at {@code path} (nobody accepts on it) is replaced; anything else is refused.
     */
    static ControlSocket open(Path path, Reloader reloader) throws IOException {
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
        ControlSocket control = new ControlSocket(OwnedFile.adopt(path), server, reloader);
        Thread.ofVirtual().name("weft-control").start(control::serve);
        LOG.log(System.Logger.Level.INFO, "control socket " + path + " (bin/weft reload)");
        return control;
    }

    /**
     * Refuses a {@code path} that holds anything but a socket nobody listens on: a regular file, a directory, or
     * the live socket of another process. For {@code weft check} as for starting.
     *
     * @return whether a stale socket, what a stopped Weft leaves, is there to be replaced
     */
    static boolean checkReplaceable(Path path) throws IOException {
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
            String reply = text.equals("reload") ? reloader.reload() : "ERROR unknown command '" + text
                    + "'; the control socket takes: reload";
            ByteBuffer out = ByteBuffer.wrap((reply + "\n").getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                client.write(out);
            }
        } catch (IOException e) {
            // The client went away before its answer.
        }
    }

    /** Sends {@code command} to the socket at {@code path} and returns the answer. */
    static String send(Path path, String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            ByteBuffer out = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            return new String(readAll(channel), StandardCharsets.UTF_8).strip();
        }
    }

    private static byte[] readAll(SocketChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
            // Until the server closes.
        }
        byte[] bytes = new byte[buffer.position()];
        buffer.flip().get(bytes);
        return bytes;
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
