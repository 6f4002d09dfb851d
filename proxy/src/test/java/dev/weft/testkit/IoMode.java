package dev.weft.testkit;

/** Every transport and pump combination the proxy tests run on. */
public enum IoMode {
    JDK("transport = jdk"),
    NATIVE_COPY("transport = native, splice = off"),
    NATIVE_SPLICE("transport = native, splice = on");

    private final String settings;

    IoMode(String settings) {
        this.settings = settings;
    }

    /** The {@code weft.io} block that selects this mode, to append to a config. */
    public String config() {
        return "\nweft.io { " + settings + " }\n";
    }
}
