package dev.weft.transport.epoll;

import dev.weft.config.TcpOptions;
import dev.weft.linux.CallState;
import dev.weft.linux.LinuxLibc;
import dev.weft.linux.Syscalls;
import java.io.IOException;

/** Applies {@link TcpOptions} to a socket with setsockopt(2). */
final class TcpSettings {
    private TcpSettings() {
    }

    /**
     * On a listening socket every setting is written, off ones included, so that a reload can turn keepalive off;
     * accepted sockets inherit them all. On a connecting one, only those that differ from the kernel's.
     */
    static void apply(int fd, TcpOptions options, boolean listening) throws IOException {
        if (!listening && !options.any()) {
            return;
        }
        CallState cs = CallState.current();
        if (listening || options.keepAlive()) {
            Syscalls.setInt(cs, fd, LinuxLibc.SOL_SOCKET, LinuxLibc.SO_KEEPALIVE, options.keepAlive() ? 1 : 0);
        }
        if (options.keepAlive()) {
            Syscalls.setInt(cs, fd, LinuxLibc.IPPROTO_TCP, LinuxLibc.TCP_KEEPIDLE,
                    (int) options.keepAliveIdle().toSeconds());
            Syscalls.setInt(cs, fd, LinuxLibc.IPPROTO_TCP, LinuxLibc.TCP_KEEPINTVL,
                    (int) options.keepAliveInterval().toSeconds());
            Syscalls.setInt(cs, fd, LinuxLibc.IPPROTO_TCP, LinuxLibc.TCP_KEEPCNT, options.keepAliveCount());
        }
        if (listening || !options.userTimeout().isZero()) {
            Syscalls.setInt(cs, fd, LinuxLibc.IPPROTO_TCP, LinuxLibc.TCP_USER_TIMEOUT,
                    (int) options.userTimeout().toMillis());
        }
    }
}
