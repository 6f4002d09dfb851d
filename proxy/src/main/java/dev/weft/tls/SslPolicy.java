package dev.weft.tls;

import dev.weft.config.TlsPolicyConfig;
import dev.weft.config.TlsProfile;
import dev.weft.config.TlsVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * The TLS versions and cipher suites one listener enables, from its {@code tls.policy}: every version from
 * {@code min-version} up, the TLS 1.3 suites always, and the profile's suites for earlier versions. RESTRICTED
 * has only AEAD suites, which need TLS 1.2, so it never enables an earlier version.
 */
public record SslPolicy(String[] protocols, String[] cipherSuites) {

    public static SslPolicy of(TlsPolicyConfig config) {
        TlsVersion min = config.minVersion();
        if (config.profile() == TlsProfile.RESTRICTED && min.compareTo(TlsVersion.TLS_1_2) < 0) {
            min = TlsVersion.TLS_1_2;
        }
        List<String> protocols = new ArrayList<>();
        for (TlsVersion version : TlsVersion.values()) {
            if (version.compareTo(min) >= 0) {
                protocols.add(0, version.jdkName());
            }
        }
        List<String> suites = new ArrayList<>(TlsProfile.TLS13_SUITES);
        suites.addAll(config.profile() == TlsProfile.CUSTOM ? config.customFeatures() : config.profile().suites());
        return new SslPolicy(protocols.toArray(String[]::new), suites.toArray(String[]::new));
    }
}
