package dev.weft.server;

import dev.weft.linux.FdChannel;
import java.net.InetSocketAddress;

/**
 * A listening socket the process being replaced handed over (see {@code dev.weft.handover}): the listener of that
 * name takes it instead of binding, so no client is refused or reset while one process gives way to the next.
 *
 * @param fd this process's descriptor for it
 */
public record InheritedListener(String name, InetSocketAddress address, int fd) {

    /** Closes a socket no listener took. */
    void close() {
        FdChannel.closeAll(fd);
    }
}
