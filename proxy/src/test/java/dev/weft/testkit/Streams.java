package dev.weft.testkit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

import static java.nio.charset.StandardCharsets.UTF_8;

/** Random payloads and their SHA-256 digests, streamed without holding them in memory. */
public final class Streams {
    private static final int CHUNK = 64 * 1024;

    private Streams() {
    }

    /** What was sent or received: the byte count and the SHA-256 of the bytes. */
    public record Digest(long bytes, String sha256) {
    }

    /** Writes {@code total} pseudo-random bytes from {@code seed}, without closing or half-closing. */
    public static Digest send(SocketChannel channel, long seed, long total) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        MessageDigest sha = sha256();
        byte[] chunk = new byte[CHUNK];
        long left = total;
        while (left > 0) {
            int n = (int) Math.min(CHUNK, left);
            random.nextBytes(chunk);
            sha.update(chunk, 0, n);
            ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, n);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            left -= n;
        }
        return new Digest(total, HexFormat.of().formatHex(sha.digest()));
    }

    /** Reads exactly {@code length} bytes, and their digest. */
    public static Digest readDigest(SocketChannel channel, long length) throws IOException {
        MessageDigest sha = sha256();
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        long total = 0;
        while (total < length) {
            buffer.clear().limit((int) Math.min(CHUNK, length - total));
            int n = channel.read(buffer);
            if (n < 0) {
                throw new IOException("end of stream after " + total + " of " + length + " bytes");
            }
            sha.update(buffer.array(), 0, n);
            total += n;
        }
        return new Digest(total, HexFormat.of().formatHex(sha.digest()));
    }

    /** Reads until end of stream. */
    public static Digest receive(SocketChannel channel) throws IOException {
        MessageDigest sha = sha256();
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        long total = 0;
        int n;
        while ((n = channel.read(buffer)) >= 0) {
            sha.update(buffer.array(), 0, n);
            total += n;
            buffer.clear();
        }
        return new Digest(total, HexFormat.of().formatHex(sha.digest()));
    }

    /** The digest {@link #send} produces for the same seed and length. */
    public static Digest expected(long seed, long total) {
        return expected(total, new long[] {seed});
    }

    /** The digest of one {@link #send} of {@code each} bytes per seed, one after the other on one connection. */
    public static Digest expected(long each, long... seeds) {
        MessageDigest sha = sha256();
        byte[] chunk = new byte[CHUNK];
        for (long seed : seeds) {
            SplittableRandom random = new SplittableRandom(seed);
            for (long left = each; left > 0; left -= CHUNK) {
                random.nextBytes(chunk);
                sha.update(chunk, 0, (int) Math.min(CHUNK, left));
            }
        }
        return new Digest(each * seeds.length, HexFormat.of().formatHex(sha.digest()));
    }

    /** Reads exactly {@code length} bytes as UTF-8 text, or fails at a premature end of stream. */
    public static String readExactly(SocketChannel channel, int length) throws IOException {
        return new String(readBytes(channel, length), UTF_8);
    }

    /** Reads exactly {@code length} bytes, or fails at a premature end of stream. */
    public static byte[] readBytes(SocketChannel channel, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("end of stream after " + buffer.position() + " of " + length + " bytes");
            }
        }
        return buffer.array();
    }

    public static void write(SocketChannel channel, String text) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(UTF_8));
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
