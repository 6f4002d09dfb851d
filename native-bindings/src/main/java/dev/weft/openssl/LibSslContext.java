package dev.weft.openssl;

import static dev.weft.openssl.OpenSslLinker.C_INT;
import static dev.weft.openssl.OpenSslLinker.C_LONG;
import static dev.weft.openssl.OpenSslLinker.C_POINTER;
import static dev.weft.openssl.OpenSslLinker.downcall;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * FFM bindings to the libssl functions of {@code src/main/native/weft_openssl.h} that set up an {@code SSL_CTX},
 * in the shape jextract generates, with the command numbers and flags from {@code ssl.h} that the macros over
 * {@code SSL_CTX_ctrl} use.
 */
public final class LibSslContext {
    private LibSslContext() {
    }

    public static final int SSL_CTRL_MODE = 33;
    public static final int SSL_CTRL_SET_SESS_CACHE_SIZE = 42;
    public static final int SSL_CTRL_SET_SESS_CACHE_MODE = 44;
    public static final int SSL_CTRL_SET_TLSEXT_SERVERNAME_CB = 53;
    public static final int SSL_CTRL_SET_TLSEXT_SERVERNAME_ARG = 54;
    public static final int SSL_CTRL_CHAIN_CERT = 89;
    public static final int SSL_CTRL_SET_GROUPS_LIST = 92;
    public static final int SSL_CTRL_SET_MIN_PROTO_VERSION = 123;
    public static final int SSL_CTRL_SET_MAX_PROTO_VERSION = 124;
    public static final long SSL_MODE_ENABLE_PARTIAL_WRITE = 0x1;
    public static final long SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER = 0x2;
    public static final long SSL_MODE_RELEASE_BUFFERS = 0x10;
    public static final long SSL_SESS_CACHE_OFF = 0x0;
    public static final long SSL_SESS_CACHE_CLIENT = 0x1;
    public static final long SSL_SESS_CACHE_SERVER = 0x2;
    public static final long SSL_SESS_CACHE_NO_INTERNAL_STORE = 0x200;
    public static final long SSL_OP_IGNORE_UNEXPECTED_EOF = 1L << 7;
    public static final long SSL_OP_NO_TICKET = 1L << 14;
    public static final long SSL_OP_NO_COMPRESSION = 1L << 17;
    public static final long SSL_OP_CIPHER_SERVER_PREFERENCE = 1L << 22;
    public static final long SSL_OP_NO_RENEGOTIATION = 1L << 30;
    public static final int TLS1_VERSION = 0x301;
    public static final int TLS1_1_VERSION = 0x302;
    public static final int TLS1_2_VERSION = 0x303;
    public static final int TLS1_3_VERSION = 0x304;
    public static final int SSL_TLSEXT_ERR_OK = 0;
    public static final int SSL_TLSEXT_ERR_ALERT_FATAL = 2;
    public static final int SSL_TLSEXT_ERR_NOACK = 3;
    public static final int OPENSSL_NPN_NEGOTIATED = 1;

    private static final class TLS_server_method {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER);
        static final MethodHandle HANDLE = downcall("TLS_server_method", DESC, false);
    }

    public static MemorySegment TLS_server_method() {
        try {
            return (MemorySegment) TLS_server_method.HANDLE.invokeExact();
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class TLS_client_method {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER);
        static final MethodHandle HANDLE = downcall("TLS_client_method", DESC, false);
    }

    public static MemorySegment TLS_client_method() {
        try {
            return (MemorySegment) TLS_client_method.HANDLE.invokeExact();
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_CTX_new {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_CTX_new", DESC, false);
    }

    public static MemorySegment SSL_CTX_new(MemorySegment method) {
        try {
            return (MemorySegment) SSL_CTX_new.HANDLE.invokeExact(method);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_CTX_free {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_CTX_free", DESC, false);
    }

    public static void SSL_CTX_free(MemorySegment ctx) {
        try {
            SSL_CTX_free.HANDLE.invokeExact(ctx);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_CTX_ctrl {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_POINTER, C_INT, C_LONG, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_CTX_ctrl", DESC, false);
    }

    public static long SSL_CTX_ctrl(MemorySegment ctx, int cmd, long larg, MemorySegment parg) {
        try {
            return (long) SSL_CTX_ctrl.HANDLE.invokeExact(ctx, cmd, larg, parg);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_CTX_callback_ctrl {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_POINTER, C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_CTX_callback_ctrl", DESC, false);
    }

    public static long SSL_CTX_callback_ctrl(MemorySegment ctx, int cmd, MemorySegment fp) {
        try {
            return (long) SSL_CTX_callback_ctrl.HANDLE.invokeExact(ctx, cmd, fp);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_CTX_set_options {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_POINTER, C_LONG);
        static final MethodHandle HANDLE = downcall("SSL_CTX_set_options", DESC, false);
    }

    public static long SSL_CTX_set_options(MemorySegment ctx, long options) {
        try {
            return (long) SSL_CTX_set_options.HANDLE.invokeExact(ctx, options);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_CTX_set_cipher_list {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_CTX_set_cipher_list", DESC, false);
    }

    public static int SSL_CTX_set_cipher_list(MemorySegment ctx, MemorySegment str) {
        try {
            return (int) SSL_CTX_set_cipher_list.HANDLE.invokeExact(ctx, str);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_CTX_set_ciphersuites {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_CTX_set_ciphersuites", DESC, false);
    }

    public static int SSL_CTX_set_ciphersuites(MemorySegment ctx, MemorySegment str) {
        try {
            return (int) SSL_CTX_set_ciphersuites.HANDLE.invokeExact(ctx, str);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_CTX_get_ciphers {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_CTX_get_ciphers", DESC, false);
    }

    public static MemorySegment SSL_CTX_get_ciphers(MemorySegment ctx) {
        try {
            return (MemorySegment) SSL_CTX_get_ciphers.HANDLE.invokeExact(ctx);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_CTX_use_certificate {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_CTX_use_certificate", DESC, false);
    }

    public static int SSL_CTX_use_certificate(MemorySegment ctx, MemorySegment x) {
        try {
            return (int) SSL_CTX_use_certificate.HANDLE.invokeExact(ctx, x);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_CTX_use_PrivateKey {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_CTX_use_PrivateKey", DESC, false);
    }

    public static int SSL_CTX_use_PrivateKey(MemorySegment ctx, MemorySegment pkey) {
        try {
            return (int) SSL_CTX_use_PrivateKey.HANDLE.invokeExact(ctx, pkey);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_CTX_check_private_key {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_CTX_check_private_key", DESC, false);
    }

    public static int SSL_CTX_check_private_key(MemorySegment ctx) {
        try {
            return (int) SSL_CTX_check_private_key.HANDLE.invokeExact(ctx);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_CTX_set_alpn_select_cb {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_CTX_set_alpn_select_cb", DESC, false);
    }

    public static void SSL_CTX_set_alpn_select_cb(MemorySegment ctx, MemorySegment cb, MemorySegment arg) {
        try {
            SSL_CTX_set_alpn_select_cb.HANDLE.invokeExact(ctx, cb, arg);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_CTX_set_timeout {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_POINTER, C_LONG);
        static final MethodHandle HANDLE = downcall("SSL_CTX_set_timeout", DESC, false);
    }

    public static long SSL_CTX_set_timeout(MemorySegment ctx, long t) {
        try {
            return (long) SSL_CTX_set_timeout.HANDLE.invokeExact(ctx, t);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_CTX_set_session_id_context {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall("SSL_CTX_set_session_id_context", DESC, false);
    }

    public static int SSL_CTX_set_session_id_context(MemorySegment ctx, MemorySegment sid_ctx, int sid_ctx_len) {
        try {
            return (int) SSL_CTX_set_session_id_context.HANDLE.invokeExact(ctx, sid_ctx, sid_ctx_len);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_CTX_set_num_tickets {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG);
        static final MethodHandle HANDLE = downcall("SSL_CTX_set_num_tickets", DESC, false);
    }

    public static int SSL_CTX_set_num_tickets(MemorySegment ctx, long num_tickets) {
        try {
            return (int) SSL_CTX_set_num_tickets.HANDLE.invokeExact(ctx, num_tickets);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_CIPHER_get_name {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_CIPHER_get_name", DESC, false);
    }

    public static MemorySegment SSL_CIPHER_get_name(MemorySegment c) {
        try {
            return (MemorySegment) SSL_CIPHER_get_name.HANDLE.invokeExact(c);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_CIPHER_standard_name {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_CIPHER_standard_name", DESC, false);
    }

    public static MemorySegment SSL_CIPHER_standard_name(MemorySegment c) {
        try {
            return (MemorySegment) SSL_CIPHER_standard_name.HANDLE.invokeExact(c);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_select_next_proto {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall("SSL_select_next_proto", DESC, false);
    }

    public static int SSL_select_next_proto(MemorySegment out, MemorySegment outlen, MemorySegment server, int server_len, MemorySegment client, int client_len) {
        try {
            return (int) SSL_select_next_proto.HANDLE.invokeExact(out, outlen, server, server_len, client, client_len);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_CTX_set_default_read_buffer_len {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_LONG);
        static final MethodHandle HANDLE = downcall("SSL_CTX_set_default_read_buffer_len", DESC, false);
    }

    public static void SSL_CTX_set_default_read_buffer_len(MemorySegment ctx, long len) {
        try {
            SSL_CTX_set_default_read_buffer_len.HANDLE.invokeExact(ctx, len);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_CTX_sess_set_new_cb {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_CTX_sess_set_new_cb", DESC, false);
    }

    public static void SSL_CTX_sess_set_new_cb(MemorySegment ctx, MemorySegment new_session_cb) {
        try {
            SSL_CTX_sess_set_new_cb.HANDLE.invokeExact(ctx, new_session_cb);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class SSL_CTX_set_tlsext_ticket_key_evp_cb {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("SSL_CTX_set_tlsext_ticket_key_evp_cb", DESC, false);
    }

    public static int SSL_CTX_set_tlsext_ticket_key_evp_cb(MemorySegment ctx, MemorySegment fp) {
        try {
            return (int) SSL_CTX_set_tlsext_ticket_key_evp_cb.HANDLE.invokeExact(ctx, fp);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }
}
