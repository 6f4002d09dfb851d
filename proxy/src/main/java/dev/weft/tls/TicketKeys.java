package dev.weft.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Session ticket keys in HAProxy's {@code tls-ticket-keys} format, so that a fleet of Weft and HAProxy processes
 * can share one file: one base64 key a line, each 48 bytes (a 16-byte name, an AES-128 key, a 16-byte HMAC-SHA256
 * key) or 80 bytes (the name, an AES-256 key, a 32-byte HMAC key). Of the last {@value #IN_USE} keys, the
 * second-to-last encrypts new tickets and all of them decrypt, so a key is rotated in by appending a line: each
 * host starts decrypting with it one rotation before any host encrypts with it.
 */
public final class TicketKeys {
    /** Keys in use: the last ones of the file. */
    public static final int IN_USE = 3;
    public static final int NAME = 16;
    public static final int SIZE_128 = 48;
    public static final int SIZE_256 = 80;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<byte[]> keys;

    private TicketKeys(List<byte[]> keys) {
        this.keys = List.copyOf(keys);
    }

    /** Reads {@code file}; every problem names the file and the line. */
    public static TicketKeys read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IOException(file + ": cannot read the ticket keys: " + e.getMessage(), e);
        }
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(line);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " line " + (i + 1) + ": not base64");
            }
            if (key.length != SIZE_128 && key.length != SIZE_256) {
                throw new IOException(file + " line " + (i + 1) + ": " + key.length + " bytes; a ticket key is "
                        + SIZE_128 + " bytes (AES-128) or " + SIZE_256 + " (AES-256), as from "
                        + "'openssl rand -base64 80'");
            }
            if (!keys.isEmpty() && keys.getFirst().length != key.length) {
                throw new IOException(file + " line " + (i + 1) + ": " + key.length + " bytes, but the keys before "
                        + "it have " + keys.getFirst().length + "; use one size throughout");
            }
            keys.add(key);
        }
        if (keys.size() < IN_USE) {
            throw new IOException(file + ": " + keys.size() + " ticket key(s); at least " + IN_USE + " are needed "
                    + "(the second-to-last encrypts, the last " + IN_USE + " decrypt)");
        }
        return new TicketKeys(keys.subList(keys.size() - IN_USE, keys.size()));
    }

    /** {@value #IN_USE} random AES-256 keys, for a process that shares its tickets with nobody. */
    public static TicketKeys random() {
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < IN_USE; i++) {
            keys.add(randomKey());
        }
        return new TicketKeys(keys);
    }

    /** The next generation of random keys: the oldest goes, a new one comes last. */
    public TicketKeys rotated() {
        List<byte[]> next = new ArrayList<>(keys.subList(1, keys.size()));
        next.add(randomKey());
        return new TicketKeys(next);
    }

    private static byte[] randomKey() {
        byte[] key = new byte[SIZE_256];
        RANDOM.nextBytes(key);
        return key;
    }

    /** The keys in use, oldest first: each decrypts; {@link #encrypting()} of them encrypts. */
    public List<byte[]> inUse() {
        return keys;
    }

    /** The index in {@link #inUse()} of the key that encrypts: the second-to-last. */
    public int encrypting() {
        return keys.size() - 2;
    }
}
