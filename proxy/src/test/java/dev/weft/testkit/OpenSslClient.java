package dev.weft.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code openssl s_client}, OpenSSL's own TLS client, as a separate process: for what the JDK's client cannot do,
 * such as taking a session saved from one server to another.
 */
public final class OpenSslClient {
    private OpenSslClient() {
    }

    /**
     * Connects, sends nothing, and reads until the server closes; returns everything s_client printed.
     *
     * @param version    "-tls1_2" or "-tls1_3"
     * @param sessionOut where to save the session, or null
     * @param sessionIn  a session to offer, or null
     */
    public static String connect(InetSocketAddress address, String serverName, String version, Path sessionOut,
                                 Path sessionIn) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect",
                address.getHostString() + ":" + address.getPort(), "-servername", serverName, version, "-ign_eof"));
        if (sessionOut != null) {
            command.addAll(List.of("-sess_out", sessionOut.toString()));
        }
        if (sessionIn != null) {
            command.addAll(List.of("-sess_in", sessionIn.toString()));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("openssl s_client did not end: " + command);
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Whether s_client's output says the session was resumed. */
    public static boolean resumed(String output) {
        return output.contains("\nReused, ");
    }
}
