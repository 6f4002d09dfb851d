package dev.weft.bench;

import dev.weft.transport.BufferPool;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/** Acquire and release of a pooled off-heap buffer, alone and with two threads sharing the pool. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BufferPoolBenchmark {
    private BufferPool pool;

    @Setup
    public void setUp() {
        pool = new BufferPool(64 * 1024, 1024);
        pool.release(pool.acquire());
    }

    @Benchmark
    public ByteBuffer acquireRelease() {
        ByteBuffer buffer = pool.acquire();
        pool.release(buffer);
        return buffer;
    }

    @Benchmark
    @Threads(2)
    public ByteBuffer acquireReleaseTwoThreads() {
        ByteBuffer buffer = pool.acquire();
        pool.release(buffer);
        return buffer;
    }
}
