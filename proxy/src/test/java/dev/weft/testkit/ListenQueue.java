package dev.weft.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Reads a listening socket's accept queue length from /proc/net/tcp: clients connected but not yet accepted. */
public final class ListenQueue {
    private static final String LISTEN = "0A";

    private ListenQueue() {
    }

    public static int pending(int port) throws IOException {
        String localPort = ":" + String.format(Locale.ROOT, "%04X", port);
        List<String> lines = Files.readAllLines(Path.of("/proc/net/tcp"));
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.trim().split("\\s+");
            if (fields[1].endsWith(localPort) && fields[3].equals(LISTEN)) {
                return Integer.parseInt(fields[4].substring(fields[4].indexOf(':') + 1), 16);
            }
        }
        throw new IOException("no listening socket on port " + port + " in /proc/net/tcp");
    }
}
