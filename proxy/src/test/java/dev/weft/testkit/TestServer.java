package dev.weft.testkit;

import dev.weft.demo.EchoServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** A loopback backend for tests: each accepted connection runs a handler on its own virtual thread. */
public final class TestServer implements AutoCloseable {

    @FunctionalInterface
    public interface Handler {
        void handle(SocketChannel channel) throws Exception;
    }

    /** Echoes every byte until the client's FIN, then closes. */
    public static final Handler ECHO = EchoServer::echo;

    private final ServerSocketChannel server;
    private final Handler handler;
    private final AtomicInteger accepted = new AtomicInteger();
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
    private Thread acceptor;

    private TestServer(ServerSocketChannel server, Handler handler) {
        this.server = server;
        this.handler = handler;
    }

    public static TestServer start(Handler handler) throws IOException {
        return start(0, handler);
    }

    public static TestServer start(int port, Handler handler) throws IOException {
        return start("127.0.0.1", port, handler);
    }

    /** On another loopback address, such as 127.0.0.2, to stand for another host. */
    public static TestServer start(String loopbackAddress, int port, Handler handler) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(new InetSocketAddress(loopbackAddress, port), 4096);
        TestServer test = new TestServer(server, handler);
        test.acceptor = Thread.ofVirtual().name("test-server-" + test.port()).start(test::acceptLoop);
        return test;
    }

    private void acceptLoop() {
        try {
            while (true) {
                SocketChannel channel = server.accept();
                accepted.incrementAndGet();
                open.add(channel);
                Thread.ofVirtual().start(() -> {
                    try (channel) {
                        handler.handle(channel);
                    } catch (Throwable e) {
                        failures.add(e);
                    } finally {
                        open.remove(channel);
                    }
                });
            }
        } catch (IOException closed) {
            // close() was called.
        }
    }

    public int port() {
        return ((InetSocketAddress) server.socket().getLocalSocketAddress()).getPort();
    }

    /** "127.0.0.1:port", as a config endpoint. */
    public String hostPort() {
        return "127.0.0.1:" + port();
    }

    public int accepted() {
        return accepted.get();
    }

    /** Exceptions thrown by handlers, so that a test can assert on what its backend saw. */
    public BlockingQueue<Throwable> failures() {
        return failures;
    }

    /**
     * Stops listening and closes every accepted connection. It waits for the accept thread to end first: the JDK
     * finishes closing a listening socket only when the thread blocked in accept() leaves it, and a connection
     * accepted in that window must be closed too, not left open behind the test's back.
     */
    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SocketChannel channel : open) {
            channel.close();
        }
    }
}
