package dev.weft.server;

import dev.weft.config.IoConfig;
import dev.weft.config.SpliceChoice;
import dev.weft.config.TransportChoice;
import dev.weft.transport.BufferPool;
import dev.weft.transport.Transport;
import dev.weft.transport.epoll.NativeTransport;
import dev.weft.transport.jdk.JdkTransport;
import java.io.IOException;
import java.util.Locale;

/**
 * Builds the transport {@code weft.io} asks for, resolving {@code auto}, and says which it chose and why: the one
 * class above the transport seam that names the implementations.
 */
final class TransportFactory {
    private static final System.Logger LOG = System.getLogger("weft.transport");

    private TransportFactory() {
    }

    /** Whether the native transport can run here: Linux, with native access enabled for Weft's code. */
    static boolean nativeAvailable() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                && Transport.class.getModule().isNativeAccessEnabled();
    }

    /** Whether {@code io} gets the native transport here, as {@link #create} would decide. */
    static boolean choosesNative(IoConfig io) {
        return io.transport() != TransportChoice.JDK && nativeAvailable();
    }

    static Transport create(IoConfig io, BufferPool smallBuffers, BufferPool bulkBuffers, int pipeCapacity)
            throws IOException {
        boolean useNative = switch (io.transport()) {
            case NATIVE -> {
                if (!nativeAvailable()) {
                    throw new IOException("weft.io.transport = native needs Linux and native access (start the JVM"
                            + " with --enable-native-access=ALL-UNNAMED, as bin/weft does)");
                }
                yield true;
            }
            case JDK -> false;
            case AUTO -> nativeAvailable();
        };
        if (!useNative) {
            if (io.transport() == TransportChoice.AUTO) {
                LOG.log(System.Logger.Level.INFO, "transport auto: jdk (native needs Linux and native access)");
            }
            return new JdkTransport(smallBuffers, bulkBuffers);
        }
        boolean splice = io.splice() != SpliceChoice.OFF;
        NativeTransport transport = new NativeTransport(smallBuffers, bulkBuffers, io.pollers(), splice,
                io.pipeSize(), pipeCapacity);
        if (io.transport() == TransportChoice.AUTO) {
            LOG.log(System.Logger.Level.INFO, "transport auto: " + transport.name());
        }
        return transport;
    }
}
