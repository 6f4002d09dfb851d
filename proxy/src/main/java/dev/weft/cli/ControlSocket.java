package dev.weft.cli;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The local control socket: a Unix domain socket, readable and writable by the owner only, that takes one command
 * per connection ({@code reload}) and answers with one or more lines, the first starting with {@code OK} or
 * {@code ERROR}. {@code bin/weft reload} is its client.
 */
final class ControlSocket implements AutoCloseable {
    private static final int MAX_COMMAND = 64;
    private static final System.Logger LOG = System.getLogger("weft.server");

    private final Path path;
    private final ServerSocketChannel server;
    private final Reloader reloader;

    private ControlSocket(Path path, ServerSocketChannel server, Reloader reloader) {
        this.path = path;
        this.server = server;
        this.reloader = reloader;
    }

    /** Binds at {@code path}, replacing a socket file a dead process left behind. */
    static ControlSocket open(Path path, Reloader reloader) throws IOException {
        Files.deleteIfExists(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        ControlSocket control = new ControlSocket(path, server, reloader);
        Thread.ofVirtual().name("weft-control").start(control::serve);
        LOG.log(System.Logger.Level.INFO, "control socket " + path + " (bin/weft reload)");
        return control;
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
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // The process is ending; a stale file is replaced at the next start.
        }
    }
}
