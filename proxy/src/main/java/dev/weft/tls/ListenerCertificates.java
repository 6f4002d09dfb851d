package dev.weft.tls;

import dev.weft.config.CertificateSource;
import dev.weft.config.TlsListenerConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Loads a listener's certificate files, for either engine, at start and on each rotation. */
public final class ListenerCertificates {
    private static final System.Logger LOG = System.getLogger("weft.tls");

    private ListenerCertificates() {
    }

    /**
     * Loads every certificate; any that cannot be used fails the whole listener, with the file named.
     *
     * @param warnings receives expiry warnings
     */
    public static CertificateSet load(long generation, TlsListenerConfig config, Consumer<String> warnings)
            throws IOException {
        List<ServerCertificate> loaded = new ArrayList<>();
        for (CertificateSource source : config.certificates()) {
            loaded.add(CertificateLoader.load(source, warnings));
        }
        return new CertificateSet(generation, List.copyOf(loaded));
    }

    /**
     * The next set after the files changed, or null (logged) when any of them cannot be used now. The engine
     * says {@link #reloaded} once new handshakes get it.
     */
    public static CertificateSet reload(String listener, long generation, TlsListenerConfig config) {
        try {
            return load(generation, config, warning -> LOG.log(System.Logger.Level.WARNING,
                    "listener '" + listener + "': " + warning));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "listener '" + listener + "': certificate files changed but cannot "
                    + "be used; keeping the current certificates: " + e.getMessage());
            return null;
        }
    }

    /** The line that says a rotation is in use. */
    public static void reloaded(String listener, CertificateSet set) {
        LOG.log(System.Logger.Level.INFO, "listener '" + listener + "': certificates reloaded ("
                + set.certificates().size() + ")");
    }
}
