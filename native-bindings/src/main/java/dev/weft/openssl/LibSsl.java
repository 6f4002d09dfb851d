package dev.weft.openssl;

import static dev.weft.openssl.OpenSslLinker.C_INT;
import static dev.weft.openssl.OpenSslLinker.C_LONG;
import static dev.weft.openssl.OpenSslLinker.C_POINTER;
import static dev.weft.openssl.OpenSslLinker.downcall;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * FFM bindings to the libssl functions of {@code src/main/native/weft_openssl.h} that work on one connection's
 * {@code SSL}, in the shape jextract generates. The calls that may read or write the socket (the handshake, reads,
 * writes, peeks and shutdowns) capture {@code errno} in the same call, for {@link #SSL_ERROR_SYSCALL}, so their
 * methods take the capture segment first. None of them blocks: the sockets are non-blocking.
 */
public final class LibSsl {
    private LibSsl() {
    }

    public static final int SSL_ERROR_NONE = 0;
    public static final int SSL_ERROR_SSL = 1;
    public static final int SSL_ERROR_WANT_READ = 2;
    public static final int SSL_ERROR_WANT_WRITE = 3;
    public static final int SSL_ERROR_SYSCALL = 5;
    public static final int SSL_ERROR_ZERO_RETURN = 6;
    public static final int TLSEXT_NAMETYPE_host_name = 0;
    public static final int SSL_CTRL_SET_TLSEXT_HOSTNAME = 55;

    private static final class SSL_new {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_new", DESC, false);
    }

    public static MemorySegment SSL_new(MemorySegment ctx) {
        try {
            return (MemorySegment) SSL_new.HANDLE.invokeExact(ctx);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_free {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_free", DESC, false);
    }

    public static void SSL_free(MemorySegment ssl) {
        try {
            SSL_free.HANDLE.invokeExact(ssl);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_set_fd {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall("SSL_set_fd", DESC, false);
    }

    public static int SSL_set_fd(MemorySegment ssl, int fd) {
        try {
            return (int) SSL_set_fd.HANDLE.invokeExact(ssl, fd);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_set0_rbio {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_set0_rbio", DESC, false);
    }

    public static void SSL_set0_rbio(MemorySegment s, MemorySegment rbio) {
        try {
            SSL_set0_rbio.HANDLE.invokeExact(s, rbio);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_set0_wbio {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_set0_wbio", DESC, false);
    }

    public static void SSL_set0_wbio(MemorySegment s, MemorySegment wbio) {
        try {
            SSL_set0_wbio.HANDLE.invokeExact(s, wbio);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_set_accept_state {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_set_accept_state", DESC, false);
    }

    public static void SSL_set_accept_state(MemorySegment ssl) {
        try {
            SSL_set_accept_state.HANDLE.invokeExact(ssl);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_set_connect_state {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_set_connect_state", DESC, false);
    }

    public static void SSL_set_connect_state(MemorySegment ssl) {
        try {
            SSL_set_connect_state.HANDLE.invokeExact(ssl);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_do_handshake {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_do_handshake", DESC, true);
    }

    public static int SSL_do_handshake(MemorySegment errno, MemorySegment ssl) {
        try {
            return (int) SSL_do_handshake.HANDLE.invokeExact(errno, ssl);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_readAddress {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG, C_INT);
        static final MethodHandle HANDLE = downcall("SSL_read", DESC, true);
    }

    public static int SSL_readAddress(MemorySegment errno, MemorySegment ssl, long buf, int num) {
        try {
            return (int) SSL_readAddress.HANDLE.invokeExact(errno, ssl, buf, num);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_writeAddress {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG, C_INT);
        static final MethodHandle HANDLE = downcall("SSL_write", DESC, true);
    }

    public static int SSL_writeAddress(MemorySegment errno, MemorySegment ssl, long buf, int num) {
        try {
            return (int) SSL_writeAddress.HANDLE.invokeExact(errno, ssl, buf, num);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_peek {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall("SSL_peek", DESC, true);
    }

    public static int SSL_peek(MemorySegment errno, MemorySegment ssl, MemorySegment buf, int num) {
        try {
            return (int) SSL_peek.HANDLE.invokeExact(errno, ssl, buf, num);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_shutdown {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_shutdown", DESC, true);
    }

    public static int SSL_shutdown(MemorySegment errno, MemorySegment ssl) {
        try {
            return (int) SSL_shutdown.HANDLE.invokeExact(errno, ssl);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_get_error {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall("SSL_get_error", DESC, false);
    }

    public static int SSL_get_error(MemorySegment ssl, int ret) {
        try {
            return (int) SSL_get_error.HANDLE.invokeExact(ssl, ret);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_pending {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_pending", DESC, false);
    }

    public static int SSL_pending(MemorySegment ssl) {
        try {
            return (int) SSL_pending.HANDLE.invokeExact(ssl);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_has_pending {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_has_pending", DESC, false);
    }

    public static int SSL_has_pending(MemorySegment ssl) {
        try {
            return (int) SSL_has_pending.HANDLE.invokeExact(ssl);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_get_servername {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall("SSL_get_servername", DESC, false);
    }

    public static MemorySegment SSL_get_servername(MemorySegment s, int type) {
        try {
            return (MemorySegment) SSL_get_servername.HANDLE.invokeExact(s, type);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_get0_alpn_selected {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_get0_alpn_selected", DESC, false);
    }

    public static void SSL_get0_alpn_selected(MemorySegment ssl, MemorySegment data, MemorySegment len) {
        try {
            SSL_get0_alpn_selected.HANDLE.invokeExact(ssl, data, len);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_get_version {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_get_version", DESC, false);
    }

    public static MemorySegment SSL_get_version(MemorySegment ssl) {
        try {
            return (MemorySegment) SSL_get_version.HANDLE.invokeExact(ssl);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_get_current_cipher {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_get_current_cipher", DESC, false);
    }

    public static MemorySegment SSL_get_current_cipher(MemorySegment ssl) {
        try {
            return (MemorySegment) SSL_get_current_cipher.HANDLE.invokeExact(ssl);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_session_reused {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_session_reused", DESC, false);
    }

    public static int SSL_session_reused(MemorySegment s) {
        try {
            return (int) SSL_session_reused.HANDLE.invokeExact(s);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_ctrl {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_POINTER, C_INT, C_LONG, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_ctrl", DESC, false);
    }

    public static long SSL_ctrl(MemorySegment ssl, int cmd, long larg, MemorySegment parg) {
        try {
            return (long) SSL_ctrl.HANDLE.invokeExact(ssl, cmd, larg, parg);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_set_SSL_CTX {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_set_SSL_CTX", DESC, false);
    }

    public static MemorySegment SSL_set_SSL_CTX(MemorySegment ssl, MemorySegment ctx) {
        try {
            return (MemorySegment) SSL_set_SSL_CTX.HANDLE.invokeExact(ssl, ctx);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_set_session {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_set_session", DESC, false);
    }

    public static int SSL_set_session(MemorySegment to, MemorySegment session) {
        try {
            return (int) SSL_set_session.HANDLE.invokeExact(to, session);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_SESSION_free {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_SESSION_free", DESC, false);
    }

    public static void SSL_SESSION_free(MemorySegment session) {
        try {
            SSL_SESSION_free.HANDLE.invokeExact(session);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_free_buffers {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_free_buffers", DESC, false);
    }

    public static int SSL_free_buffers(MemorySegment ssl) {
        try {
            return (int) SSL_free_buffers.HANDLE.invokeExact(ssl);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }
}
