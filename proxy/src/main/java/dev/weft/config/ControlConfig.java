package dev.weft.config;

import java.nio.file.Path;

/**
 * {@code weft.control}: the local control socket that {@code bin/weft reload}, {@code show}, {@code set} and
 * {@code shutdown} talk to, and where runtime changes are kept across restarts.
 *
 * @param socket    the Unix domain socket's path; empty for the default, {@code <java.io.tmpdir>/weft-<pid>.sock}
 * @param stateFile where endpoint states and weights set at runtime are saved, and read at start; null for none
 */
public record ControlConfig(String socket, Path stateFile) {

    /** The socket's path for the process {@code pid}. */
    public Path socketPath(long pid) {
        return socket.isEmpty() ? defaultPath(pid) : Path.of(socket);
    }

    public static Path defaultPath(long pid) {
        return Path.of(System.getProperty("java.io.tmpdir"), "weft-" + pid + ".sock");
    }
}
