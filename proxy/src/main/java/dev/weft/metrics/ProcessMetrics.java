package dev.weft.metrics;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The process and its JVM, as an on-call engineer checks them first: descriptors against their limit, resident
 * memory, threads, CPU, heap, direct memory and GC, and which build is running. Read when the page is asked for,
 * from {@code /proc/self} and the JVM's management beans; only the descriptor count is kept, for up to 10 s.
 */
public final class ProcessMetrics {
    private static final String VERSION = readVersion();
    private static final long FD_COUNT_INTERVAL_NANOS = 10_000_000_000L;
    /** The last count of open descriptors and when it was made; a race between two readers only counts twice. */
    private static volatile long openFds;
    private static volatile long fdsCountedAt;

    private ProcessMetrics() {
    }

    /** Weft's version, from the jar. */
    public static String version() {
        return VERSION;
    }

    private static String readVersion() {
        try (InputStream in = ProcessMetrics.class.getResourceAsStream("/dev/weft/version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The whole-number samples, for the page and the counters file. */
    public static void addTo(List<Sample> samples) {
        samples.add(new Sample("weft_build_info", "gauge", "1, with the version and Java runtime as labels", 1,
                "version", VERSION, "java", Runtime.version().toString()));
        samples.add(new Sample("weft_process_open_fds", "gauge", "Open file descriptors", openFds()));
        samples.add(new Sample("weft_process_max_fds", "gauge", "The file descriptor limit (RLIMIT_NOFILE, soft)",
                maxFds()));
        samples.add(new Sample("weft_process_resident_memory_bytes", "gauge", "Resident set size",
                statusNumber("VmRSS:") * 1024));
        samples.add(new Sample("weft_process_threads", "gauge", "OS threads of the process (virtual threads are not "
                + "among them)", statusNumber("Threads:")));
        samples.add(new Sample("weft_process_start_time_seconds", "gauge", "Start time, seconds since the epoch",
                ManagementFactory.getRuntimeMXBean().getStartTime() / 1000));
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        samples.add(new Sample("weft_jvm_heap_used_bytes", "gauge", "Java heap in use", heap.getUsed()));
        samples.add(new Sample("weft_jvm_heap_max_bytes", "gauge", "The Java heap's limit (-Xmx)", heap.getMax()));
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            samples.add(new Sample("weft_jvm_buffer_memory_bytes", "gauge", "Memory of the JVM's direct and mapped "
                    + "buffers (Weft's pools are direct)", pool.getMemoryUsed(), "pool", pool.getName()));
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            samples.add(new Sample("weft_jvm_gc_collections_total", "counter", "Garbage collections",
                    Math.max(0, gc.getCollectionCount()), "gc", gc.getName()));
        }
    }

    /** The samples in seconds, for the page only (the counters file holds whole numbers). */
    public static void render(PrometheusText text) {
        try {
            if (ManagementFactory.getOperatingSystemMXBean()
                    instanceof com.sun.management.OperatingSystemMXBean os) {
                text.sample("weft_process_cpu_seconds_total", "counter", "CPU time, user and system",
                        os.getProcessCpuTime() / 1e9);
            }
        } catch (LinkageError e) {
            // A runtime without the jdk.management module: no CPU figure, the rest of the page as ever.
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            text.sample("weft_jvm_gc_seconds_total", "counter", "Time spent in garbage collection (pauses, for a "
                    + "stop-the-world collector; concurrent cycles, for ZGC's cycle bean)",
                    Math.max(0, gc.getCollectionTime()) / 1e3, "gc", gc.getName());
        }
    }

    /**
     * From the JVM's bean, which counts the entries of /proc/self/fd in native code (listing them here would make
     * an object per descriptor), at most every {@link #FD_COUNT_INTERVAL_NANOS}: the kernel looks each descriptor
     * up to list it, and the counters file is written every second, so a process holding 16,000 idle connections
     * spent 2% of a core counting its descriptors.
     */
    private static long openFds() {
        long now = System.nanoTime();
        long counted = fdsCountedAt;
        if (counted != 0 && now - counted < FD_COUNT_INTERVAL_NANOS) {
            return openFds;
        }
        long count = -1;
        try {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
                count = unix.getOpenFileDescriptorCount();
            }
        } catch (LinkageError e) {
            // A runtime without the jdk.management module.
        }
        openFds = count;
        fdsCountedAt = now | 1; // never 0, which means "not yet"
        return count;
    }

    private static long maxFds() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or not readable: said as -1.
        }
        return -1;
    }

    /** A number from {@code /proc/self/status}: {@code VmRSS:} in kB, {@code Threads:} a count. */
    private static long statusNumber(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or not readable: said as -1.
        }
        return -1;
    }
}
