package dev.weft.metrics;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    private final Path path;
    private final UnsafeBuffer header;
    private final CountersManager counters;
    /** Only the publishing thread touches it. */
    private final Map<String, Integer> ids = new HashMap<>();

    private CountersFile(Path path, UnsafeBuffer header, CountersManager counters) {
        this.path = path;
        this.header = header;
        this.counters = counters;
    }

    /** Creates the file, replacing one a dead process left, with room for {@code capacity} counters. */
    public static CountersFile create(Path path, int capacity) throws IOException {
        int values = capacity * CountersReader.COUNTER_LENGTH;
        int metadata = capacity * CountersReader.METADATA_LENGTH;
        Files.deleteIfExists(path);
        // Made under another name and renamed when complete, so a reader never finds a file without its header.
        Path partial = path.resolveSibling(path.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        MappedByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, HEADER + metadata + values);
        }
        UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER);
        header.putLong(8, ProcessHandle.current().pid());
        header.putInt(16, metadata);
        header.putInt(20, values);
        CountersManager counters = new CountersManager(new UnsafeBuffer(mapped, HEADER, metadata),
                new UnsafeBuffer(mapped, HEADER + metadata, values), StandardCharsets.UTF_8);
        header.putLongVolatile(0, MAGIC);
        Files.move(partial, path, StandardCopyOption.ATOMIC_MOVE);
        return new CountersFile(path, header, counters);
    }

    public Path path() {
        return path;
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
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // A stale file is replaced by the next process that starts with the same pid.
        }
    }
}
