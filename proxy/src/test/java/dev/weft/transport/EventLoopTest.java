package dev.weft.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventLoopTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    private NativeTransport transport;
    private ServerEndpoint endpoint;
    private SocketChannel client;
    private StreamConnection accepted;

    @BeforeEach
    void acceptOneClient() throws IOException {
        // Four loops, so that a socket landing on the expected loop by chance is unlikely.
        transport = new NativeTransport(new BufferPool(1024, 16), new BufferPool(64 << 10, 16), 4, false, 1 << 16, 4);
        endpoint = transport.listen(LOOPBACK, 16, false);
        client = SocketChannel.open(endpoint.localAddress());
        accepted = endpoint.accept();
    }

    @AfterEach
    void closeAll() throws IOException {
        accepted.close();
        client.close();
        endpoint.close();
        transport.close();
    }

    @Test
    void theJdkLetsWeftScheduleVirtualThreads() {
        // The build runs tests with the flags bin/weft uses; without the hook every loop is a poller only.
        assertTrue(VirtualThreadHook.available(), "no virtual thread builder with a scheduler: is"
                + " --add-opens java.base/java.lang=ALL-UNNAMED missing?");
    }

    @Test
    void anAcceptedConnectionIsServedOnTheLoopThatPollsItsSocket() throws Exception {
        EventLoop loop = ((NativeConnection) accepted).socket().loop();
        CompletableFuture<String> carrier = new CompletableFuture<>();
        CompletableFuture<EventLoop> home = new CompletableFuture<>();
        endpoint.sessionThread(accepted, "echo-once", () -> {
            try {
                ByteBuffer buffer = ByteBuffer.allocateDirect(64);
                accepted.read(buffer);
                // After a park on the socket: still on the loop's own thread.
                carrier.complete(Thread.currentThread().toString());
                home.complete(EventLoop.home());
                buffer.flip();
                accepted.write(buffer);
            } catch (IOException e) {
                carrier.completeExceptionally(e);
            }
        }).start();
        Thread.sleep(50);
        client.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer answer = ByteBuffer.allocate(5);
        while (answer.hasRemaining() && client.read(answer) >= 0) {
            // read all five bytes back
        }
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), answer.array());
        assertTrue(carrier.get(10, TimeUnit.SECONDS).contains("@weft-loop-"), carrier.get());
        assertEquals(loop, home.get());
    }

    @Test
    void acceptedConnectionsTakeTheLoopsInTurn() throws Exception {
        // Each connection here holds two numbers (ours and the accepted one), as a proxied one does (client and
        // backend): spread by fd number, they would all land on the same loops.
        List<SocketChannel> clients = new ArrayList<>();
        List<StreamConnection> connections = new ArrayList<>();
        Set<EventLoop> loops = new HashSet<>();
        try {
            for (int i = 0; i < 4; i++) {
                clients.add(SocketChannel.open(endpoint.localAddress()));
                StreamConnection next = endpoint.accept();
                connections.add(next);
                loops.add(((NativeConnection) next).socket().loop());
            }
            assertEquals(4, loops.size(), "four connections in a row on four loops");
        } finally {
            for (StreamConnection connection : connections) {
                connection.close();
            }
            for (SocketChannel each : clients) {
                each.close();
            }
        }
    }

    @Test
    void theAcceptLoopRunsOnAnEventLoopAndCloseEndsItsWait() throws Exception {
        CompletableFuture<String> carrier = new CompletableFuture<>();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Thread acceptor = endpoint.acceptThread("accept-loop", () -> {
            try {
                // The first accept parks until the next client comes; the second until the close.
                endpoint.accept().close();
                carrier.complete(Thread.currentThread().toString());
                endpoint.accept();
                ended.complete(null);
            } catch (IOException | RuntimeException e) {
                carrier.complete(Thread.currentThread().toString());
                ended.complete(e);
            }
        });
        acceptor.start();
        Thread.sleep(50);
        try (SocketChannel next = SocketChannel.open(endpoint.localAddress())) {
            assertEquals(-1, next.read(ByteBuffer.allocate(1)), "the accepted client was closed");
        }
        assertTrue(carrier.get(10, TimeUnit.SECONDS).contains("@weft-loop-"), carrier.get());
        Thread.sleep(50);
        endpoint.close();
        assertInstanceOf(ClosedChannelException.class, ended.get(10, TimeUnit.SECONDS));
        assertTrue(acceptor.join(Duration.ofSeconds(10)));
    }

    @Test
    void anAcceptLoopThatYieldsItsTurnLosesNoClient() throws Exception {
        // More clients than one turn of accepts, waiting in the backlog together: the loop yields mid-burst.
        int count = 200;
        List<SocketChannel> clients = new ArrayList<>();
        try (ServerEndpoint flooded = transport.listen(LOOPBACK, count, false)) {
            for (int i = 0; i < count; i++) {
                clients.add(SocketChannel.open(flooded.localAddress()));
            }
            AtomicInteger accepted = new AtomicInteger();
            Thread acceptor = flooded.acceptThread("flooded", () -> {
                try {
                    while (accepted.get() < count) {
                        flooded.accept().close();
                        accepted.incrementAndGet();
                    }
                } catch (IOException e) {
                    // the assertion below reports the shortfall
                }
            });
            acceptor.start();
            assertTrue(acceptor.join(Duration.ofSeconds(20)), "accepted only " + accepted.get());
            assertEquals(count, accepted.get());
        } finally {
            for (SocketChannel each : clients) {
                each.close();
            }
        }
    }

    @Test
    void socketsOpenedByALoopThreadJoinItsLoop() throws Exception {
        try (ServerEndpoint backend = transport.listen(LOOPBACK, 16, false)) {
            CompletableFuture<Boolean> sameLoop = new CompletableFuture<>();
            endpoint.sessionThread(accepted, "connector", () -> {
                try (StreamConnection outbound = transport.connect(backend.localAddress(), Duration.ofSeconds(5))) {
                    sameLoop.complete(((NativeConnection) outbound).socket().loop()
                            == ((NativeConnection) accepted).socket().loop());
                } catch (IOException e) {
                    sameLoop.completeExceptionally(e);
                }
            }).start();
            assertTrue(sameLoop.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void threadsWokenFromOtherThreadsAllRun() throws Exception {
        // Timed parks are ended by the JDK's timer threads, which must wake a loop asleep in epoll_wait.
        AtomicInteger finished = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Thread thread = endpoint.sessionThread(accepted, "sleeper-" + i, () -> {
                for (int j = 0; j < 10; j++) {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                finished.incrementAndGet();
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            assertTrue(thread.join(Duration.ofSeconds(20)), thread + " never finished");
        }
        assertEquals(200, finished.get());
    }
}
