package dev.weft.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A {@code host:port} as written in the config ({@code "[::1]:7000"} for IPv6), with the address it resolved to
 * when the config was loaded.
 */
public record HostPort(String host, int port, InetSocketAddress address) {

    /**
     * Parses and resolves {@code text}.
     *
     * @throws IllegalArgumentException with a message fit for a config error
     */
    public static HostPort parse(String text, boolean portZeroAllowed) {
        HostPort unresolved = parseUnresolved(text, portZeroAllowed);
        try {
            return new HostPort(unresolved.host(), unresolved.port(),
                    new InetSocketAddress(InetAddress.getByName(unresolved.host()), unresolved.port()));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve host '" + unresolved.host() + "' of '" + text + "'");
        }
    }

    /** The host:port of a resolved address, written as a literal. */
    public static HostPort of(InetSocketAddress address) {
        return new HostPort(address.getAddress().getHostAddress(), address.getPort(), address);
    }

    /** Parses {@code text} without resolving the host, for names that are looked up again and again (DNS groups). */
    public static HostPort parseUnresolved(String text, boolean portZeroAllowed) {
        String host;
        String portText;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("'" + text + "' is not host:port; write IPv6 as \"[::1]:7000\"");
            }
            host = text.substring(1, close);
            portText = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || text.indexOf(':') != colon) {
                throw new IllegalArgumentException("'" + text + "' is not host:port, such as \"127.0.0.1:9001\""
                        + " (IPv6 as \"[::1]:9001\")");
            }
            host = text.substring(0, colon);
            portText = text.substring(colon + 1);
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no valid port number");
        }
        int lowest = portZeroAllowed ? 0 : 1;
        if (port < lowest || port > 65535) {
            throw new IllegalArgumentException("'" + text + "' has port " + port + "; ports run from " + lowest
                    + " to 65535");
        }
        return new HostPort(host, port, InetSocketAddress.createUnresolved(host, port));
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
