package dev.weft.testkit;

/**
 * Both TLS engines, each named explicitly in the listener's or backend's {@code tls} block: the JDK's on the JDK
 * transport, and OpenSSL on the native one, which it needs.
 */
public enum TlsEngine {
    JDK(IoMode.JDK, "jdk"),
    OPENSSL(IoMode.NATIVE_COPY, "openssl");

    private final IoMode io;
    private final String name;

    TlsEngine(IoMode io, String name) {
        this.io = io;
        this.name = name;
    }

    /** The transport this engine runs on in tests. */
    public IoMode io() {
        return io;
    }

    /** The setting for inside a {@code tls { }} block. */
    /** As the config and the metrics name it: "jdk" or "openssl". */
    public String keyword() {
        return name;
    }

    public String setting() {
        return "engine = " + name;
    }
}
