package dev.weft.openssl;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Where the OpenSSL bindings find their symbols: libssl.so.3 and libcrypto.so.3 as the OS installed them, loaded
 * once for the life of the process. {@link #loadFailure()} says whether they are there before any binding class
 * is touched; a binding class used without them fails its initialisation.
 */
public final class OpenSslLinker {
    static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    static final AddressLayout C_POINTER = ValueLayout.ADDRESS;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    /** OpenSSL 3.0.0, as OpenSSL_version_num encodes it. */
    private static final long VERSION_3 = 0x30000000L;
    private static final String FAILURE;
    private static final SymbolLookup SYMBOLS;

    static {
        SymbolLookup symbols = null;
        String failure = null;
        try {
            symbols = lookup("libssl.so.3").or(lookup("libcrypto.so.3"));
        } catch (IllegalArgumentException | IllegalCallerException e) {
            failure = "OpenSSL 3 is not installed (libssl.so.3 and libcrypto.so.3): " + e.getMessage();
        }
        SYMBOLS = symbols;
        FAILURE = failure;
    }

    private OpenSslLinker() {
    }

    @SuppressWarnings("restricted") // Weft runs with --enable-native-access.
    private static SymbolLookup lookup(String library) {
        return SymbolLookup.libraryLookup(library, Arena.global());
    }

    /** Why OpenSSL cannot be used here, or null when it can (version 3 or later loaded). */
    public static String loadFailure() {
        if (FAILURE != null) {
            return FAILURE;
        }
        long version = LibCrypto.OpenSSL_version_num();
        return version < VERSION_3 ? "OpenSSL " + Long.toHexString(version) + " is older than 3.0" : null;
    }

    @SuppressWarnings("restricted")
    static MethodHandle downcall(String symbol, FunctionDescriptor descriptor, boolean captureErrno) {
        if (SYMBOLS == null) {
            throw new UnsatisfiedLinkError(FAILURE);
        }
        MemorySegment address = SYMBOLS.find(symbol)
                .orElseThrow(() -> new UnsatisfiedLinkError("unresolved OpenSSL symbol: " + symbol));
        return captureErrno ? LINKER.downcallHandle(address, descriptor, CAPTURE_ERRNO)
                : LINKER.downcallHandle(address, descriptor);
    }

    /**
     * An upcall stub calling {@code target} (a static or bound method handle of the descriptor's type), which lives
     * as long as {@code arena}: tie it to the arena of the context that holds it.
     */
    @SuppressWarnings("restricted")
    public static MemorySegment upcall(MethodHandle target, FunctionDescriptor descriptor, Arena arena) {
        return LINKER.upcallStub(target, descriptor, arena);
    }

    /** The method handle of {@code name} on {@code receiver}'s class, bound to it, for {@link #upcall}. */
    public static MethodHandle bound(MethodHandles.Lookup lookup, Object receiver, String name,
                                     FunctionDescriptor descriptor) {
        try {
            MethodType type = descriptor.toMethodType();
            return lookup.findVirtual(receiver.getClass(), name, type).bindTo(receiver);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("no upcall target " + name, e);
        }
    }

    /** The NUL-terminated string at {@code address}, or null for NULL. */
    @SuppressWarnings("restricted")
    public static String string(MemorySegment address) {
        return address.equals(MemorySegment.NULL) ? null : address.reinterpret(Integer.MAX_VALUE).getString(0);
    }

    /** {@code length} bytes at {@code address}, for out-parameters that point into OpenSSL's memory. */
    @SuppressWarnings("restricted")
    public static MemorySegment bytes(MemorySegment address, long length) {
        return address.reinterpret(length);
    }
}
