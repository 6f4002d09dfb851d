package dev.weft.bench;

import dev.weft.transport.BufferPool;
import dev.weft.transport.PumpException;
import dev.weft.transport.ServerEndpoint;
import dev.weft.transport.StreamConnection;
import dev.weft.transport.Transport;
import dev.weft.transport.jdk.JdkTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The copy pump moving 32 MiB between two loopback socket pairs, by bulk buffer size: a feeder thread writes into
 * the pump's source, a drain thread empties its destination. Time per 32 MiB; divide to get MiB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CopyPumpBenchmark {
    private static final long PAYLOAD = 32L << 20;

    @Param({"16384", "65536", "262144"})
    public int bufferSize;

    private Transport transport;
    private ServerEndpoint sourceListener;
    private ServerSocketChannel drainListener;
    private StreamConnection source;
    private StreamConnection destination;
    private Thread feeder;
    private Thread drain;

    @Setup(Level.Trial)
    public void listen() throws IOException {
        transport = new JdkTransport(new BufferPool(2048, 64), new BufferPool(bufferSize, 64));
        sourceListener = transport.listen(new InetSocketAddress("127.0.0.1", 0), 16, false);
        drainListener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0), 16);
    }

    @Setup(Level.Invocation)
    public void connect() throws IOException {
        SocketChannel feed = SocketChannel.open(sourceListener.localAddress());
        source = sourceListener.accept();
        destination = transport.connect((InetSocketAddress) drainListener.getLocalAddress(), Duration.ofSeconds(5));
        SocketChannel sink = drainListener.accept();
        feeder = Thread.ofVirtual().start(() -> feed(feed));
        drain = Thread.ofVirtual().start(() -> drain(sink));
    }

    @Benchmark
    public void pump32MiB() throws PumpException, InterruptedException {
        transport.pump().run(source, destination, bytes -> { });
        destination.shutdownOutput();
        drain.join();
        feeder.join();
    }

    @TearDown(Level.Invocation)
    public void disconnect() {
        source.close();
        destination.close();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        sourceListener.close();
        drainListener.close();
    }

    private static void feed(SocketChannel channel) {
        try (channel) {
            ByteBuffer chunk = ByteBuffer.allocateDirect(256 * 1024);
            for (long sent = 0; sent < PAYLOAD; sent += chunk.capacity()) {
                chunk.clear();
                while (chunk.hasRemaining()) {
                    channel.write(chunk);
                }
            }
            channel.shutdownOutput();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void drain(SocketChannel channel) {
        try (channel) {
            ByteBuffer chunk = ByteBuffer.allocateDirect(256 * 1024);
            while (channel.read(chunk) >= 0) {
                chunk.clear();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
