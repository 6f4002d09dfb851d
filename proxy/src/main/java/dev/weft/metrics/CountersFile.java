package dev.weft.metrics;

import dev.weft.files.OwnedFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

/**
 * Weft's counters in a memory-mapped file laid out with Agrona's counters: a small header, then the metadata
 * (labels, types) and the values, so that another process ({@code bin/weft stat}) reads them without disturbing
 * Weft. One counter per {@link Sample}, labelled with its Prometheus key; type 1 is a counter, 2 a gauge.
 * <pre>
 *   0  long  MAGIC "WEFTCNT1"
 *   8  long  pid of the writer
 *  16  int   metadata length
 *  20  int   values length
 *  24  long  last publication, epoch milliseconds
 *  64  metadata, then values
 * </pre>
 */
public final class CountersFile implements AutoCloseable {
    public static final int COUNTER_TYPE = 1;
    public static final int GAUGE_TYPE = 2;
    private static final long MAGIC = 0x31544e4354464557L;
    private static final int HEADER = 64;
    private static final int PUBLISHED_AT = 24;

    private final OwnedFile file;
    private final UnsafeBuffer header;
    private final CountersManager counters;
    /** Only the publishing thread touches it. */
    private final Map<String, Integer> ids = new HashMap<>();

    private CountersFile(OwnedFile file, UnsafeBuffer header, CountersManager counters) {
        this.file = file;
        this.header = header;
        this.counters = counters;
    }

    /**
     * Creates the file, owner-only, with room for {@code capacity} counters. It is made under a name of its own
     * and linked into place when complete, so a reader never finds a file without its header. A file already at
     * {@code path} is replaced only if it is a counters file whose writer has stopped; anything else is refused.
     */
    public static CountersFile create(Path path, int capacity) throws IOException {
        boolean stale = checkReplaceable(path);
        int values = capacity * CountersReader.COUNTER_LENGTH;
        int metadata = capacity * CountersReader.METADATA_LENGTH;
        long pid = ProcessHandle.current().pid();
        Path partial = path.resolveSibling(path.getFileName() + ".partial-" + pid);
        MappedByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(partial, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE), OwnedFile.ownerOnly())) {
            mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, HEADER + metadata + values);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(partial + " exists, and Weft replaces no file it did not create; remove it");
        }
        UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER);
        header.putLong(8, pid);
        header.putInt(16, metadata);
        header.putInt(20, values);
        CountersManager counters = new CountersManager(new UnsafeBuffer(mapped, HEADER, metadata),
                new UnsafeBuffer(mapped, HEADER + metadata, values), StandardCharsets.UTF_8);
        header.putLongVolatile(0, MAGIC);
        try {
            // The stale file checkReplaceable allowed goes first; then a hard link, which fails rather than
            // replace whatever took the name since.
            if (stale) {
                Files.deleteIfExists(path);
            }
            Files.createLink(path, partial);
        } finally {
            Files.deleteIfExists(partial);
        }
        return new CountersFile(OwnedFile.adopt(path), header, counters);
    }

    /**
     * Refuses a {@code path} that holds anything but a counters file a stopped Weft left: an operator's file, a
     * directory, or the file of a Weft still running. For {@code weft check} as for starting.
     *
     * @return whether a stale counters file is there, to be replaced
     */
    public static boolean checkReplaceable(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        long writer = -1;
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && Files.size(path) >= HEADER) {
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                ByteBuffer start = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
                channel.read(start, 0);
                writer = start.getLong(0) == MAGIC ? start.getLong(8) : -1;
            }
        }
        if (writer < 0) {
            throw new IOException(path + " exists and is not a counters file Weft left; Weft replaces no file it "
                    + "did not create (choose another metrics.counters-file, or remove it)");
        }
        if (writer != ProcessHandle.current().pid() && ProcessHandle.of(writer).map(ProcessHandle::isAlive)
                .orElse(false)) {
            throw new IOException(path + " is the counters file of a running Weft (pid " + writer + ")");
        }
        return true;
    }

    public Path path() {
        return file.path();
    }

    /** Writes every sample's value; new keys get a counter, keys no longer sampled give theirs back. */
    public void publish(List<Sample> samples) {
        Set<String> seen = new HashSet<>();
        for (Sample sample : samples) {
            String key = sample.key();
            seen.add(key);
            Integer id = ids.get(key);
            if (id == null) {
                if (counters.available() == 0) {
                    continue;
                }
                id = counters.allocate(key, sample.type().equals("counter") ? COUNTER_TYPE : GAUGE_TYPE);
                ids.put(key, id);
            }
            counters.setCounterValue(id, sample.value());
        }
        ids.entrySet().removeIf(entry -> {
            if (seen.contains(entry.getKey())) {
                return false;
            }
            counters.free(entry.getValue());
            return true;
        });
        header.putLongOrdered(PUBLISHED_AT, System.currentTimeMillis());
    }

    /** Reads a counters file written by another process. */
    public static Reader read(Path path) throws IOException {
        MappedByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        }
        UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER);
        if (header.getLongVolatile(0) != MAGIC) {
            throw new IOException(path + " is not a Weft counters file");
        }
        int metadata = header.getInt(16);
        int values = header.getInt(20);
        return new Reader(header, new CountersReader(new UnsafeBuffer(mapped, HEADER, metadata),
                new UnsafeBuffer(mapped, HEADER + metadata, values), StandardCharsets.UTF_8));
    }

    /** A reader's view of the file: every counter's label and value, as of now. */
    public static final class Reader {
        private final UnsafeBuffer header;
        private final CountersReader counters;

        private Reader(UnsafeBuffer header, CountersReader counters) {
            this.header = header;
            this.counters = counters;
        }

        public long pid() {
            return header.getLong(8);
        }

        /** Epoch milliseconds of the last publication. */
        public long publishedAt() {
            return header.getLongVolatile(PUBLISHED_AT);
        }

        /** Label to value, in allocation order; counters (type 1) and gauges (type 2) alike. */
        public Map<String, Long> values() {
            Map<String, Long> values = new LinkedHashMap<>();
            counters.forEach((id, label) -> values.put(label, counters.getCounterValue(id)));
            return values;
        }

        /** The labels of the counters of type {@link #COUNTER_TYPE}, whose rates mean something. */
        public Set<String> monotonic() {
            Set<String> labels = new HashSet<>();
            counters.forEach((id, label) -> {
                if (counters.getCounterTypeId(id) == COUNTER_TYPE) {
                    labels.add(label);
                }
            });
            return labels;
        }
    }

    @Override
    public void close() {
        file.delete();
    }
}
