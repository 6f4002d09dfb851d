package dev.weft.openssl;

import static dev.weft.openssl.OpenSslLinker.C_INT;
import static dev.weft.openssl.OpenSslLinker.C_LONG;
import static dev.weft.openssl.OpenSslLinker.C_POINTER;
import static dev.weft.openssl.OpenSslLinker.downcall;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * FFM bindings to the libssl functions of {@code src/main/native/weft_openssl.h} that verify peers' certificates:
 * the trust store of an {@code SSL_CTX}, the client authorities a server names, the verification mode and depth,
 * and per connection the name to verify, the result and the peer's certificate.
 * In the shape jextract generates, like {@link LibSslContext}.
 */
public final class LibSslVerify {
    private LibSslVerify() {
    }

    public static final int SSL_VERIFY_NONE = 0x0;
    public static final int SSL_VERIFY_PEER = 0x1;
    public static final int SSL_VERIFY_FAIL_IF_NO_PEER_CERT = 0x2;

    private static final class SSL_CTX_set_verify {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_CTX_set_verify", DESC, false);
    }

    public static void SSL_CTX_set_verify(MemorySegment ctx, int mode, MemorySegment callback) {
        try {
            SSL_CTX_set_verify.HANDLE.invokeExact(ctx, mode, callback);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_CTX_set_verify_depth {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall("SSL_CTX_set_verify_depth", DESC, false);
    }

    public static void SSL_CTX_set_verify_depth(MemorySegment ctx, int depth) {
        try {
            SSL_CTX_set_verify_depth.HANDLE.invokeExact(ctx, depth);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_CTX_load_verify_locations {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_CTX_load_verify_locations", DESC, false);
    }

    public static int SSL_CTX_load_verify_locations(MemorySegment ctx, MemorySegment CAfile, MemorySegment CApath) {
        try {
            return (int) SSL_CTX_load_verify_locations.HANDLE.invokeExact(ctx, CAfile, CApath);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_CTX_set_default_verify_paths {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_CTX_set_default_verify_paths", DESC, false);
    }

    public static int SSL_CTX_set_default_verify_paths(MemorySegment ctx) {
        try {
            return (int) SSL_CTX_set_default_verify_paths.HANDLE.invokeExact(ctx);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_load_client_CA_file {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_load_client_CA_file", DESC, false);
    }

    public static MemorySegment SSL_load_client_CA_file(MemorySegment file) {
        try {
            return (MemorySegment) SSL_load_client_CA_file.HANDLE.invokeExact(file);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_CTX_set_client_CA_list {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_CTX_set_client_CA_list", DESC, false);
    }

    public static void SSL_CTX_set_client_CA_list(MemorySegment ctx, MemorySegment name_list) {
        try {
            SSL_CTX_set_client_CA_list.HANDLE.invokeExact(ctx, name_list);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_CTX_get_cert_store {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_CTX_get_cert_store", DESC, false);
    }

    public static MemorySegment SSL_CTX_get_cert_store(MemorySegment ctx) {
        try {
            return (MemorySegment) SSL_CTX_get_cert_store.HANDLE.invokeExact(ctx);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_set1_host {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_set1_host", DESC, false);
    }

    public static int SSL_set1_host(MemorySegment s, MemorySegment hostname) {
        try {
            return (int) SSL_set1_host.HANDLE.invokeExact(s, hostname);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_get_verify_result {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_get_verify_result", DESC, false);
    }

    public static long SSL_get_verify_result(MemorySegment ssl) {
        try {
            return (long) SSL_get_verify_result.HANDLE.invokeExact(ssl);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_get1_peer_certificate {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_get1_peer_certificate", DESC, false);
    }

    public static MemorySegment SSL_get1_peer_certificate(MemorySegment s) {
        try {
            return (MemorySegment) SSL_get1_peer_certificate.HANDLE.invokeExact(s);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_get0_param {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_get0_param", DESC, false);
    }

    public static MemorySegment SSL_get0_param(MemorySegment ssl) {
        try {
            return (MemorySegment) SSL_get0_param.HANDLE.invokeExact(ssl);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }
}
