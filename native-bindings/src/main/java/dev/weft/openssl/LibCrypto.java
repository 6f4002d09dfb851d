package dev.weft.openssl;

import static dev.weft.openssl.OpenSslLinker.C_INT;
import static dev.weft.openssl.OpenSslLinker.C_LONG;
import static dev.weft.openssl.OpenSslLinker.C_POINTER;
import static dev.weft.openssl.OpenSslLinker.downcall;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * FFM bindings to the libcrypto functions of {@code src/main/native/weft_openssl.h}, in the shape jextract
 * generates: one holder class per function with its descriptor and handle, and one static method that invokes it.
 * Results are raw: NULL pointers and OpenSSL error codes mean what OpenSSL documents.
 */
public final class LibCrypto {
    private LibCrypto() {
    }

    public static final int BIO_NOCLOSE = 0;
    public static final long X509_V_FLAG_CRL_CHECK = 0x4;

    private static final class OpenSSL_version_num {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG);
        static final MethodHandle HANDLE = downcall("OpenSSL_version_num", DESC, false);
    }

    public static long OpenSSL_version_num() {
        try {
            return (long) OpenSSL_version_num.HANDLE.invokeExact();
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class ERR_get_error {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG);
        static final MethodHandle HANDLE = downcall("ERR_get_error", DESC, false);
    }

    public static long ERR_get_error() {
        try {
            return (long) ERR_get_error.HANDLE.invokeExact();
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class ERR_clear_error {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid();
        static final MethodHandle HANDLE = downcall("ERR_clear_error", DESC, false);
    }

    public static void ERR_clear_error() {
        try {
            ERR_clear_error.HANDLE.invokeExact();
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class ERR_reason_error_string {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_LONG);
        static final MethodHandle HANDLE = downcall("ERR_reason_error_string", DESC, false);
    }

    public static MemorySegment ERR_reason_error_string(long e) {
        try {
            return (MemorySegment) ERR_reason_error_string.HANDLE.invokeExact(e);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class ERR_error_string_n {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_LONG, C_POINTER, C_LONG);
        static final MethodHandle HANDLE = downcall("ERR_error_string_n", DESC, false);
    }

    public static void ERR_error_string_n(long e, MemorySegment buf, long len) {
        try {
            ERR_error_string_n.HANDLE.invokeExact(e, buf, len);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class d2i_X509 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER, C_LONG);
        static final MethodHandle HANDLE = downcall("d2i_X509", DESC, false);
    }

    public static MemorySegment d2i_X509(MemorySegment a, MemorySegment pp, long length) {
        try {
            return (MemorySegment) d2i_X509.HANDLE.invokeExact(a, pp, length);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class X509_free {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER);
        static final MethodHandle HANDLE = downcall("X509_free", DESC, false);
    }

    public static void X509_free(MemorySegment a) {
        try {
            X509_free.HANDLE.invokeExact(a);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class d2i_AutoPrivateKey {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER, C_LONG);
        static final MethodHandle HANDLE = downcall("d2i_AutoPrivateKey", DESC, false);
    }

    public static MemorySegment d2i_AutoPrivateKey(MemorySegment a, MemorySegment pp, long length) {
        try {
            return (MemorySegment) d2i_AutoPrivateKey.HANDLE.invokeExact(a, pp, length);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class EVP_PKEY_free {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER);
        static final MethodHandle HANDLE = downcall("EVP_PKEY_free", DESC, false);
    }

    public static void EVP_PKEY_free(MemorySegment pkey) {
        try {
            EVP_PKEY_free.HANDLE.invokeExact(pkey);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class BIO_s_mem {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER);
        static final MethodHandle HANDLE = downcall("BIO_s_mem", DESC, false);
    }

    public static MemorySegment BIO_s_mem() {
        try {
            return (MemorySegment) BIO_s_mem.HANDLE.invokeExact();
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class BIO_new {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("BIO_new", DESC, false);
    }

    public static MemorySegment BIO_new(MemorySegment type) {
        try {
            return (MemorySegment) BIO_new.HANDLE.invokeExact(type);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class BIO_new_socket {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_INT, C_INT);
        static final MethodHandle HANDLE = downcall("BIO_new_socket", DESC, false);
    }

    public static MemorySegment BIO_new_socket(int sock, int close_flag) {
        try {
            return (MemorySegment) BIO_new_socket.HANDLE.invokeExact(sock, close_flag);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class BIO_write {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall("BIO_write", DESC, false);
    }

    public static int BIO_write(MemorySegment b, MemorySegment data, int dlen) {
        try {
            return (int) BIO_write.HANDLE.invokeExact(b, data, dlen);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class BIO_up_ref {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("BIO_up_ref", DESC, false);
    }

    public static int BIO_up_ref(MemorySegment a) {
        try {
            return (int) BIO_up_ref.HANDLE.invokeExact(a);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class BIO_free {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("BIO_free", DESC, false);
    }

    public static int BIO_free(MemorySegment a) {
        try {
            return (int) BIO_free.HANDLE.invokeExact(a);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class OPENSSL_sk_num {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("OPENSSL_sk_num", DESC, false);
    }

    public static int OPENSSL_sk_num(MemorySegment st) {
        try {
            return (int) OPENSSL_sk_num.HANDLE.invokeExact(st);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class OPENSSL_sk_value {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall("OPENSSL_sk_value", DESC, false);
    }

    public static MemorySegment OPENSSL_sk_value(MemorySegment st, int i) {
        try {
            return (MemorySegment) OPENSSL_sk_value.HANDLE.invokeExact(st, i);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class X509_verify_cert_error_string {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_LONG);
        static final MethodHandle HANDLE = downcall("X509_verify_cert_error_string", DESC, false);
    }

    public static MemorySegment X509_verify_cert_error_string(long n) {
        try {
            return (MemorySegment) X509_verify_cert_error_string.HANDLE.invokeExact(n);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class X509_VERIFY_PARAM_set1_ip_asc {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("X509_VERIFY_PARAM_set1_ip_asc", DESC, false);
    }

    public static int X509_VERIFY_PARAM_set1_ip_asc(MemorySegment param, MemorySegment ipasc) {
        try {
            return (int) X509_VERIFY_PARAM_set1_ip_asc.HANDLE.invokeExact(param, ipasc);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class EVP_aes_128_cbc {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER);
        static final MethodHandle HANDLE = downcall("EVP_aes_128_cbc", DESC, false);
    }

    public static MemorySegment EVP_aes_128_cbc() {
        try {
            return (MemorySegment) EVP_aes_128_cbc.HANDLE.invokeExact();
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class EVP_aes_256_cbc {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER);
        static final MethodHandle HANDLE = downcall("EVP_aes_256_cbc", DESC, false);
    }

    public static MemorySegment EVP_aes_256_cbc() {
        try {
            return (MemorySegment) EVP_aes_256_cbc.HANDLE.invokeExact();
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class EVP_EncryptInit_ex {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("EVP_EncryptInit_ex", DESC, false);
    }

    public static int EVP_EncryptInit_ex(MemorySegment ctx, MemorySegment type, MemorySegment impl, MemorySegment key, MemorySegment iv) {
        try {
            return (int) EVP_EncryptInit_ex.HANDLE.invokeExact(ctx, type, impl, key, iv);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class EVP_DecryptInit_ex {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("EVP_DecryptInit_ex", DESC, false);
    }

    public static int EVP_DecryptInit_ex(MemorySegment ctx, MemorySegment type, MemorySegment impl, MemorySegment key, MemorySegment iv) {
        try {
            return (int) EVP_DecryptInit_ex.HANDLE.invokeExact(ctx, type, impl, key, iv);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class EVP_MAC_CTX_set_params {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("EVP_MAC_CTX_set_params", DESC, false);
    }

    public static int EVP_MAC_CTX_set_params(MemorySegment ctx, MemorySegment params) {
        try {
            return (int) EVP_MAC_CTX_set_params.HANDLE.invokeExact(ctx, params);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class RAND_bytes {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall("RAND_bytes", DESC, false);
    }

    public static int RAND_bytes(MemorySegment buf, int num) {
        try {
            return (int) RAND_bytes.HANDLE.invokeExact(buf, num);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class X509_STORE_set_flags {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG);
        static final MethodHandle HANDLE = downcall("X509_STORE_set_flags", DESC, false);
    }

    public static int X509_STORE_set_flags(MemorySegment ctx, long flags) {
        try {
            return (int) X509_STORE_set_flags.HANDLE.invokeExact(ctx, flags);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class i2d_X509 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("i2d_X509", DESC, false);
    }

    public static int i2d_X509(MemorySegment a, MemorySegment out) {
        try {
            return (int) i2d_X509.HANDLE.invokeExact(a, out);
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }
}
