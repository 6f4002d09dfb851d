package dev.weft.transport.epoll;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.linux.Syscalls;
import dev.weft.testkit.Await;
import dev.weft.testkit.Blackhole;
import dev.weft.testkit.LogCapture;
import dev.weft.transport.BufferPool;
import dev.weft.transport.ServerEndpoint;
import dev.weft.transport.StreamConnection;
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
        Thread echo = accepted.newThread("echo-once", () -> {
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
        });
        echo.start();
        awaitParked(echo);
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
        awaitParked(acceptor);
        try (SocketChannel next = SocketChannel.open(endpoint.localAddress())) {
            assertEquals(-1, next.read(ByteBuffer.allocate(1)), "the accepted client was closed");
        }
        assertTrue(carrier.get(10, TimeUnit.SECONDS).contains("@weft-loop-"), carrier.get());
        awaitParked(acceptor);
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
            accepted.newThread("connector", () -> {
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
            Thread thread = accepted.newThread("sleeper-" + i, () -> {
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

    @Test
    void bothPumpThreadsAndTheBackendSocketOfAConnectionShareTheLoopThatAcceptedIt() throws Exception {
        EventLoop loop = ((NativeConnection) accepted).socket().loop();
        String carrierName = "@" + loopThreadName(loop);
        try (ServerEndpoint backend = transport.listen(LOOPBACK, 16, false)) {
            CompletableFuture<String> upCarrier = new CompletableFuture<>();
            CompletableFuture<String> downCarrier = new CompletableFuture<>();
            CompletableFuture<EventLoop> backendLoop = new CompletableFuture<>();
            Thread up = accepted.newThread("up", () -> {
                try (StreamConnection outbound = transport.connect(backend.localAddress(), Duration.ofSeconds(5))) {
                    // After the connect's park: the thread is back on its own loop.
                    upCarrier.complete(Thread.currentThread().toString());
                    backendLoop.complete(((NativeConnection) outbound).socket().loop());
                    Thread down = accepted.newThread("down", () -> downCarrier.complete(
                            Thread.currentThread().toString()));
                    down.start();
                    down.join();
                } catch (IOException | InterruptedException e) {
                    upCarrier.completeExceptionally(e);
                }
            });
            up.start();
            assertTrue(upCarrier.get(10, TimeUnit.SECONDS).endsWith(carrierName), upCarrier.get());
            assertTrue(downCarrier.get(10, TimeUnit.SECONDS).endsWith(carrierName), downCarrier.get());
            assertEquals(loop, backendLoop.get());
        }
    }

    @Test
    void aLoopWhoseWaitFailsLogsItOnceBacksOffAndGoesOnServingItsSockets() throws Exception {
        // The first three waits fail as a broken epoll fd would; the loop must survive them.
        AtomicInteger failures = new AtomicInteger(3);
        Poller.Wait failing = (cs, epfd, events, max, timeout) -> {
            if (failures.getAndDecrement() > 0) {
                throw new IOException("epoll_wait: injected failure");
            }
            return Syscalls.epollWait(cs, epfd, events, max, timeout);
        };
        try (LogCapture log = LogCapture.attach(); EventLoop failingLoop = new EventLoop("failing-loop", failing);
             ServerEndpoint backend = transport.listen(LOOPBACK, 16, false)) {
            CompletableFuture<String> received = new CompletableFuture<>();
            Thread reader = failingLoop.newThread("reader", () -> {
                try (StreamConnection outbound = transport.connect(backend.localAddress(), Duration.ofSeconds(5))) {
                    ByteBuffer buffer = ByteBuffer.allocateDirect(16);
                    outbound.read(buffer);
                    buffer.flip();
                    received.complete(StandardCharsets.US_ASCII.decode(buffer).toString());
                } catch (IOException e) {
                    received.completeExceptionally(e);
                }
            });
            reader.start();
            try (StreamConnection server = backend.accept()) {
                awaitParked(reader);
                ByteBuffer message = ByteBuffer.allocateDirect(10).put("still here".getBytes(StandardCharsets.US_ASCII));
                server.write(message.flip());
                assertEquals("still here", received.get(10, TimeUnit.SECONDS));
            }
            assertTrue(failures.get() < 0, "the failing waits were made");
            assertEquals(1, log.count(line -> line.startsWith("WARNING failing-loop: epoll_wait: injected failure")),
                    log.lines().toString());
            log.await("INFO failing-loop: polling again after 3 failed wait(s)", Duration.ofSeconds(10));
        }
    }

    @Test
    void aConnectFromALoopThreadTimesOutByTheLoopsOwnDeadlineAndLeavesNoneBehind() throws Exception {
        EventLoop loop = ((NativeConnection) accepted).socket().loop();
        try (Blackhole blackhole = new Blackhole()) {
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            CompletableFuture<Long> took = new CompletableFuture<>();
            accepted.newThread("connector", () -> {
                long start = System.nanoTime();
                try (StreamConnection never = transport.connect(blackhole.address(), Duration.ofMillis(300))) {
                    outcome.complete(null);
                } catch (IOException e) {
                    outcome.complete(e);
                } finally {
                    took.complete(System.nanoTime() - start);
                }
            }).start();
            Throwable failure = outcome.get(10, TimeUnit.SECONDS);
            assertInstanceOf(java.net.SocketTimeoutException.class, failure);
            assertEquals("connect timed out", failure.getMessage());
            long millis = TimeUnit.NANOSECONDS.toMillis(took.get());
            assertTrue(millis >= 300 && millis < 5_000, "timed out after " + millis + " ms");
            CompletableFuture<Boolean> empty = new CompletableFuture<>();
            accepted.newThread("look", () -> empty.complete(loop.deadlines().isEmpty())).start();
            assertTrue(empty.get(10, TimeUnit.SECONDS), "the expired wait left the loop's deadlines");
        }
    }

    private static String loopThreadName(EventLoop loop) throws Exception {
        CompletableFuture<String> name = new CompletableFuture<>();
        // A mounted virtual thread names its carrier in its toString: "VirtualThread[#id,name]/runnable@carrier".
        loop.newThread("probe", () -> {
            String self = Thread.currentThread().toString();
            name.complete(self.substring(self.lastIndexOf('@') + 1));
        }).start();
        return name.get(10, TimeUnit.SECONDS);
    }

    /** Until {@code thread} is parked (in a read or an accept), so what the test sends next finds it waiting. */
    private static void awaitParked(Thread thread) throws InterruptedException {
        Await.until(() -> thread.getState() == Thread.State.WAITING || thread.getState() == Thread.State.TIMED_WAITING,
                Duration.ofSeconds(10), () -> thread + " never parked");
    }
}
