package dev.weft.tls.openssl;

import dev.weft.linux.CallGate;
import dev.weft.openssl.LibCrypto;
import dev.weft.openssl.OpenSslLinker;
import dev.weft.tls.TicketKeys;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * One generation of ticket keys in native memory, for OpenSSL's ticket key callback: each key's name, AES key and
 * an {@code OSSL_PARAM} list that hands its HMAC key to the MAC context, all built once, so that the callback
 * only copies a name, draws an IV and initialises the two contexts. A rotation retires the ring; its memory is
 * wiped and freed once no callback is inside it.
 */
final class TicketKeyRing {
    /** {@code struct ossl_param_st} on LP64: key, data_type, data, data_size, return_size. */
    private static final long PARAM = 40;
    private static final int OSSL_PARAM_UTF8_STRING = 4;
    private static final int OSSL_PARAM_OCTET_STRING = 5;
    private static final long OSSL_PARAM_UNMODIFIED = -1L;
    private static final int IV = 16;
    /** The callback's results: use this key; use it and issue a fresh ticket; no key (a full handshake). */
    static final int USE = 1;
    static final int RENEW = 2;
    static final int NONE = 0;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment[] secrets;
    private final MemorySegment[] names;
    private final MemorySegment[] aesKeys;
    private final MemorySegment[] macParams;
    private final MemorySegment cipher;
    private final int encrypting;
    private final CallGate gate = new CallGate();
    private final long made = System.nanoTime();

    TicketKeyRing(TicketKeys keys) {
        List<byte[]> inUse = keys.inUse();
        int size = inUse.getFirst().length;
        int half = (size - TicketKeys.NAME) / 2;
        cipher = size == TicketKeys.SIZE_128 ? LibCrypto.EVP_aes_128_cbc() : LibCrypto.EVP_aes_256_cbc();
        encrypting = keys.encrypting();
        secrets = new MemorySegment[inUse.size()];
        names = new MemorySegment[inUse.size()];
        aesKeys = new MemorySegment[inUse.size()];
        macParams = new MemorySegment[inUse.size()];
        MemorySegment mac = arena.allocateFrom("key");
        MemorySegment digest = arena.allocateFrom("digest");
        MemorySegment sha256 = arena.allocateFrom("SHA256");
        for (int i = 0; i < inUse.size(); i++) {
            MemorySegment key = arena.allocateFrom(ValueLayout.JAVA_BYTE, inUse.get(i));
            secrets[i] = key;
            names[i] = key.asSlice(0, TicketKeys.NAME);
            aesKeys[i] = key.asSlice(TicketKeys.NAME, half);
            MemorySegment hmac = key.asSlice(TicketKeys.NAME + half, half);
            MemorySegment params = arena.allocate(3 * PARAM, 8);
            param(params, 0, mac, OSSL_PARAM_OCTET_STRING, hmac, half);
            param(params, 1, digest, OSSL_PARAM_UTF8_STRING, sha256, sha256.byteSize() - 1);
            macParams[i] = params; // the third entry, all zero, ends the list
        }
    }

    private static void param(MemorySegment params, int index, MemorySegment name, int type, MemorySegment data,
                              long size) {
        long at = index * PARAM;
        params.set(ValueLayout.ADDRESS, at, name);
        params.set(ValueLayout.JAVA_INT, at + 8, type);
        params.set(ValueLayout.ADDRESS, at + 16, data);
        params.set(ValueLayout.JAVA_LONG, at + 24, size);
        params.set(ValueLayout.JAVA_LONG, at + 32, OSSL_PARAM_UNMODIFIED);
    }

    /** Nanos since this ring was made, for rotation. */
    long age() {
        return System.nanoTime() - made;
    }

    /** Inside the gate for one callback; false once retired. */
    boolean enter() {
        return gate.acquire();
    }

    void exit() {
        if (gate.release()) {
            free();
        }
    }

    /** For a new ticket: the encrypting key's name, a random IV, both contexts set up. */
    int encrypt(MemorySegment keyName, MemorySegment iv, MemorySegment cipherContext, MemorySegment macContext) {
        MemorySegment.copy(names[encrypting], 0, OpenSslLinker.bytes(keyName, TicketKeys.NAME), 0, TicketKeys.NAME);
        MemorySegment ivBytes = OpenSslLinker.bytes(iv, IV);
        if (LibCrypto.RAND_bytes(ivBytes, IV) != 1
                || LibCrypto.EVP_EncryptInit_ex(cipherContext, cipher, MemorySegment.NULL, aesKeys[encrypting],
                ivBytes) != 1
                || LibCrypto.EVP_MAC_CTX_set_params(macContext, macParams[encrypting]) != 1) {
            return NONE;
        }
        return USE;
    }

    /** For a ticket a client presents: the key its name names, if it is still in use. */
    int decrypt(MemorySegment keyName, MemorySegment iv, MemorySegment cipherContext, MemorySegment macContext) {
        MemorySegment name = OpenSslLinker.bytes(keyName, TicketKeys.NAME);
        for (int i = 0; i < names.length; i++) {
            if (name.mismatch(names[i]) == -1) {
                if (LibCrypto.EVP_MAC_CTX_set_params(macContext, macParams[i]) != 1
                        || LibCrypto.EVP_DecryptInit_ex(cipherContext, cipher, MemorySegment.NULL, aesKeys[i],
                        OpenSslLinker.bytes(iv, IV)) != 1) {
                    return NONE;
                }
                return i == encrypting ? USE : RENEW;
            }
        }
        return NONE;
    }

    void retire() {
        gate.close(() -> { }, this::free);
    }

    private void free() {
        for (MemorySegment key : secrets) {
            key.fill((byte) 0);
        }
        arena.close();
    }
}
