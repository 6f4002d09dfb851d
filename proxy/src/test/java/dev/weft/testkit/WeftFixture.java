package dev.weft.testkit;

import dev.weft.config.ConfigLoader;
import dev.weft.config.InvalidConfigException;
import dev.weft.server.StartupException;
import dev.weft.server.WeftServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Starts an in-process Weft from a HOCON text, the way {@code weft run} would from a file. */
public final class WeftFixture implements AutoCloseable {
    private final WeftServer server;

    private WeftFixture(WeftServer server) {
        this.server = server;
    }

    /** Starts from {@code hocon} with the transport and pump of {@code io}. */
    public static WeftFixture start(IoMode io, String hocon) throws IOException, InvalidConfigException,
            StartupException {
        return start(hocon + io.config());
    }

    public static WeftFixture start(String hocon) throws IOException, InvalidConfigException, StartupException {
        Path file = Files.createTempFile("weft-test", ".conf");
        try {
            Files.writeString(file, hocon);
            return new WeftFixture(WeftServer.start(ConfigLoader.fromFile(file, new Properties())));
        } finally {
            Files.delete(file);
        }
    }

    /**
     * A one-listener, one-backend config with the given backend settings, such as "idle-timeout = 1s". Health
     * checks are off unless the settings turn them on, so that probe connections do not reach test handlers.
     */
    public static WeftFixture proxyTo(IoMode io, String backendSettings, String... endpoints)
            throws IOException, InvalidConfigException, StartupException {
        return start(io, """
                weft {
                  listeners.front { bind = "127.0.0.1:0", backend = app }
                  backends.app {
                    endpoints = [%s]
                    health-check.enabled = false
                    %s
                  }
                }
                """.formatted(quoted(endpoints), backendSettings));
    }

    public static String quoted(String... items) {
        StringBuilder list = new StringBuilder();
        for (String item : items) {
            list.append(list.isEmpty() ? "" : ", ").append('"').append(item).append('"');
        }
        return list.toString();
    }

    /** Applies {@code hocon} to the running server, as a reload of an edited file would. */
    public String reload(String hocon) throws IOException, InvalidConfigException, StartupException {
        Path file = Files.createTempFile("weft-test", ".conf");
        try {
            Files.writeString(file, hocon);
            return server.reload(ConfigLoader.fromFile(file, new Properties()));
        } finally {
            Files.delete(file);
        }
    }

    public WeftServer server() {
        return server;
    }

    public InetSocketAddress address() {
        return server.listeners().getFirst().address();
    }

    public SocketChannel connect() throws IOException {
        return SocketChannel.open(address());
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
    }
}
