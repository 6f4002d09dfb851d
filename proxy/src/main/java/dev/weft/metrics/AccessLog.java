package dev.weft.metrics;

import dev.weft.files.OwnedFile;
import dev.weft.log.LogText;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * One record per closed connection. Connection threads write binary records into an Agrona
 * {@link ManyToOneRingBuffer} and go on; one logger thread formats them, as text or JSON lines, and writes them to a
 * file or standard output. A record that does not fit in the ring is counted as dropped, never waited for. Values
 * a client chose (SNI, certificate subjects) are escaped by {@link LogText}, so a record is always one line: valid
 * JSON, or key=value pairs that read back exactly.
 * {@link #reopen()} (SIGUSR1) makes the logger reopen its file, for logrotate.
 */
public final class AccessLog implements AutoCloseable {
    private static final int RING_BYTES = 1 << 20;
    private static final int RECORD = 1;
    /** The longest value kept: room for a 255-byte SNI or a long certificate subject. */
    private static final int MAX_TEXT = 1024;
    private static final byte[] EMPTY = new byte[0];

    private final ManyToOneRingBuffer ring;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final double sampleRate;
    private final boolean json;
    private final Path path;
    private final Thread logger;
    private volatile boolean reopen;
    private volatile boolean running = true;
    private Writer out;

    /** @param path the file to append to, or null for standard output */
    public AccessLog(Path path, boolean json, double sampleRate) throws IOException {
        this(path, null, json, sampleRate, RING_BYTES);
    }

    /** Writes to {@code out} through a ring of {@code ringBytes}: for tests of a slow or stuck writer. */
    AccessLog(Writer out, int ringBytes, boolean json) throws IOException {
        this(null, out, json, 1.0, ringBytes);
    }

    private AccessLog(Path path, Writer given, boolean json, double sampleRate, int ringBytes) throws IOException {
        this.path = path;
        this.json = json;
        this.sampleRate = sampleRate;
        this.ring = new ManyToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(
                ringBytes + RingBufferDescriptor.TRAILER_LENGTH)));
        this.out = given != null ? given : open();
        this.logger = Thread.ofPlatform().daemon().name("weft-access-log").start(this::drainLoop);
    }

    /** Appends to the file; one Weft makes is owner-only from its creation, as every file Weft writes is. */
    private Writer open() throws IOException {
        if (path == null) {
            return new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        }
        return new BufferedWriter(Channels.newWriter(Files.newByteChannel(path, Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE), OwnedFile.ownerOnly()), StandardCharsets.UTF_8));
    }

    /** Whether this connection is one of the sampled ones. */
    public boolean sampled() {
        return sampleRate >= 1.0 || ThreadLocalRandom.current().nextDouble() < sampleRate;
    }

    /**
     * What one record holds; strings may be null.
     *
     * @param frontend      the address the client connected to
     * @param backendSource the local address of the connection to the endpoint
     * @param clientSubject the verified client certificate's subject; its alternative names, joined by commas;
     *                      its SHA-256 fingerprint
     * @param tried         endpoints whose connect failed before (or instead of) the one used, with why
     * @param termination   two letters, as HAProxy's tcplog: who ended it and in which phase (see
     *                      {@code docs/CONFIG.md})
     */
    public record Entry(long startMillis, long durationMicros, long id, String listener, String frontend,
                        String client, String backend, String group, String endpoint, String backendSource,
                        String serverName, String tlsVersion, String cipher, String clientSubject,
                        String clientNames, String clientSha256, Timings timings, String tried, long bytesIn,
                        long bytesOut, String termination, String cause) {
    }

    /**
     * Where the time went, in microseconds, -1 for a phase the connection never reached or does not have.
     *
     * @param queueMicros     waiting for a handshake slot ({@code tls.max-concurrent-handshakes})
     * @param handshakeMicros opening the client: PROXY header, TLS handshake or ClientHello, less the queue
     * @param connectMicros   the successful connect to the endpoint
     * @param retries         connects that failed before it, or in all when none worked
     */
    public record Timings(long queueMicros, long handshakeMicros, long connectMicros, int retries) {
        public static final Timings NONE = new Timings(-1, -1, -1, 0);
    }

    /** Puts a record in the ring for the logger thread; counts it as dropped if the ring is full. */
    public void record(Entry entry) {
        String[] texts = {entry.listener(), entry.frontend(), entry.client(), entry.backend(), entry.group(),
                entry.endpoint(), entry.backendSource(), entry.serverName(), entry.tlsVersion(), entry.cipher(),
                entry.clientSubject(), entry.clientNames(), entry.clientSha256(), entry.tried(), entry.termination(),
                entry.cause()};
        Timings timings = entry.timings();
        long[] numbers = {entry.startMillis(), entry.durationMicros(), entry.id(), timings.queueMicros(),
                timings.handshakeMicros(), timings.connectMicros(), timings.retries(), entry.bytesIn(),
                entry.bytesOut()};
        byte[][] encoded = new byte[texts.length][];
        int length = numbers.length * Long.BYTES;
        for (int i = 0; i < texts.length; i++) {
            encoded[i] = utf8(texts[i]);
            length += Integer.BYTES + encoded[i].length;
        }
        int index = ring.tryClaim(RECORD, length);
        if (index <= 0) {
            dropped.increment();
            return;
        }
        UnsafeBuffer buffer = (UnsafeBuffer) ring.buffer();
        int at = index;
        for (long number : numbers) {
            buffer.putLong(at, number);
            at += Long.BYTES;
        }
        for (byte[] text : encoded) {
            buffer.putInt(at, text.length);
            buffer.putBytes(at + Integer.BYTES, text);
            at += Integer.BYTES + text.length;
        }
        ring.commit(index);
    }

    /** A value as UTF-8, cut to {@value #MAX_TEXT} characters, the cut marked so a reader sees it is not whole. */
    private static byte[] utf8(String text) {
        if (text == null) {
            return EMPTY;
        }
        String bounded = text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 3) + "...";
        return bounded.getBytes(StandardCharsets.UTF_8);
    }

    public long dropped() {
        return dropped.sum();
    }

    public long written() {
        return written.sum();
    }

    /** Makes the logger reopen its file before the next record, as after logrotate moved it. */
    public void reopen() {
        reopen = true;
    }

    private void drainLoop() {
        while (running || ring.size() > 0) {
            int read = ring.read((type, buffer, index, length) -> write(buffer, index), 256);
            try {
                if (read > 0) {
                    out.flush();
                } else {
                    Thread.sleep(10);
                }
                if (reopen && path != null) {
                    reopen = false;
                    out.close();
                    out = open();
                }
            } catch (IOException e) {
                System.getLogger("weft.access").log(System.Logger.Level.ERROR, "access log " + path + ": " + e);
            } catch (InterruptedException e) {
                running = false;
            }
        }
    }

    private void write(DirectBuffer buffer, int index) {
        long[] numbers = new long[NUMBERS];
        int at = index;
        for (int i = 0; i < NUMBERS; i++) {
            numbers[i] = buffer.getLong(at);
            at += Long.BYTES;
        }
        String[] texts = new String[NAMES.length];
        for (int i = 0; i < texts.length; i++) {
            int bytes = buffer.getInt(at);
            texts[i] = buffer.getStringWithoutLengthUtf8(at + Integer.BYTES, bytes);
            at += Integer.BYTES + bytes;
        }
        String line = json ? json(numbers, texts) : text(numbers, texts);
        try {
            out.write(line);
            out.write('\n');
            written.increment();
        } catch (IOException e) {
            System.getLogger("weft.access").log(System.Logger.Level.ERROR, "access log " + path + ": " + e);
        }
    }

    /** start, duration, id, then {@link #TIMES}, then {@link #COUNTS}. */
    private static final int NUMBERS = 9;
    private static final String[] NAMES = {"listener", "frontend", "client", "backend", "group", "endpoint",
            "backend_source", "sni", "tls_version", "cipher", "client_subject", "client_names", "client_sha256",
            "tried", "termination", "cause"};
    /** Microsecond values written as milliseconds, after the texts; -1 is absent. */
    private static final String[] TIMES = {"queue_ms", "handshake_ms", "connect_ms"};
    private static final String[] COUNTS = {"retries", "bytes_in", "bytes_out"};

    private static String text(long[] numbers, String[] texts) {
        StringBuilder line = new StringBuilder().append(Instant.ofEpochMilli(numbers[0])).append(' ')
                .append(numbers[1] / 1000.0).append("ms id=").append(numbers[2]);
        for (int i = 0; i < texts.length; i++) {
            line.append(' ').append(NAMES[i]).append('=');
            if (texts[i].isEmpty()) {
                line.append('-');
            } else {
                LogText.value(line, texts[i]);
            }
        }
        for (int i = 0; i < TIMES.length; i++) {
            long micros = numbers[3 + i];
            line.append(' ').append(TIMES[i]).append('=');
            if (micros < 0) {
                line.append('-');
            } else {
                line.append(micros / 1000.0);
            }
        }
        for (int i = 0; i < COUNTS.length; i++) {
            line.append(' ').append(COUNTS[i]).append('=').append(numbers[6 + i]);
        }
        return line.toString();
    }

    private static String json(long[] numbers, String[] texts) {
        StringBuilder line = new StringBuilder("{\"start\":\"").append(Instant.ofEpochMilli(numbers[0]))
                .append("\",\"duration_ms\":").append(numbers[1] / 1000.0).append(",\"id\":").append(numbers[2]);
        for (int i = 0; i < texts.length; i++) {
            line.append(",\"").append(NAMES[i]).append("\":");
            if (texts[i].isEmpty()) {
                line.append("null");
            } else {
                LogText.json(line, texts[i]);
            }
        }
        for (int i = 0; i < TIMES.length; i++) {
            long micros = numbers[3 + i];
            line.append(",\"").append(TIMES[i]).append("\":").append(micros < 0 ? "null" : micros / 1000.0);
        }
        for (int i = 0; i < COUNTS.length; i++) {
            line.append(",\"").append(COUNTS[i]).append("\":").append(numbers[6 + i]);
        }
        return line.append('}').toString();
    }

    @Override
    public void close() {
        running = false;
        try {
            logger.join(2000);
            out.flush();
            if (path != null) {
                out.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // Nothing more can be written.
        }
    }
}
