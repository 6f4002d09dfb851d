package dev.weft.config;

import java.util.List;

/**
 * {@code tls.policy}: which TLS versions and cipher suites a listener accepts.
 *
 * @param customFeatures the suites of a CUSTOM profile, by their IANA names; empty for the other profiles
 */
public record TlsPolicyConfig(TlsProfile profile, TlsVersion minVersion, List<String> customFeatures) {
}
