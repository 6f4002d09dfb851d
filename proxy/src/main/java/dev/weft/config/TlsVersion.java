package dev.weft.config;

/** A TLS protocol version, with the name the JDK and the config file use for it. */
public enum TlsVersion {
    TLS_1_0("TLSv1"), TLS_1_1("TLSv1.1"), TLS_1_2("TLSv1.2"), TLS_1_3("TLSv1.3");

    private final String jdkName;

    TlsVersion(String jdkName) {
        this.jdkName = jdkName;
    }

    /** The name SSLEngine.setEnabledProtocols takes. */
    public String jdkName() {
        return jdkName;
    }

    /** How the config file spells it: TLSv1.0 to TLSv1.3. */
    public String configName() {
        return this == TLS_1_0 ? "TLSv1.0" : jdkName;
    }
}
