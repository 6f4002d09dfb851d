package dev.weft.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.testkit.IoMode;
import dev.weft.testkit.Streams;
import dev.weft.testkit.Streams.Digest;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.WeftFixture;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;

class ProxyIntegrityTest {
    private static final long SIXTY_FOUR_MIB = 64L << 20;

    @ParameterizedTest
    @EnumSource(IoMode.class)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void sixtyFourMebibytesEachWayArriveIntactWhileBothDirectionsStream(IoMode io) throws Exception {
        CompletableFuture<Digest> backendReceived = new CompletableFuture<>();
        try (TestServer backend = TestServer.start(channel -> {
                 Future<Digest> upload = receiveAsync(channel);
                 Streams.send(channel, 2, SIXTY_FOUR_MIB);
                 channel.shutdownOutput();
                 backendReceived.complete(upload.get());
             });
             WeftFixture weft = WeftFixture.proxyTo(io, "", backend.hostPort());
             SocketChannel client = weft.connect()) {
            Future<Digest> download = receiveAsync(client);
            Digest sent = Streams.send(client, 1, SIXTY_FOUR_MIB);
            client.shutdownOutput();

            assertEquals(Streams.expected(2, SIXTY_FOUR_MIB), download.get(), "backend to client");
            assertEquals(sent, backendReceived.get(30, TimeUnit.SECONDS), "client to backend");
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aThousandConcurrentConnectionsEachGetTheirOwnBytesBack(IoMode io) throws Exception {
        int connections = 1000;
        try (TestServer backend = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.start(io, """
                     weft {
                       listeners.front { bind = "127.0.0.1:0", backend = app, backlog = 2048 }
                       backends.app { endpoints = ["%s"] }
                     }
                     """.formatted(backend.hostPort()));
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> results = new ArrayList<>();
            SplittableRandom sizes = new SplittableRandom(42);
            for (int i = 0; i < connections; i++) {
                long seed = 1000 + i;
                long size = 1 + sizes.nextInt(128 * 1024);
                results.add(clients.submit(() -> {
                    try (SocketChannel client = weft.connect()) {
                        Future<Digest> echoed = receiveAsync(client);
                        Digest sent = Streams.send(client, seed, size);
                        client.shutdownOutput();
                        Digest back = echoed.get();
                        return sent.equals(back) ? "ok" : "connection " + seed + ": sent " + sent + ", got " + back;
                    }
                }));
            }
            for (Future<String> result : results) {
                assertEquals("ok", result.get());
            }
        }
    }

    private static Future<Digest> receiveAsync(SocketChannel channel) {
        CompletableFuture<Digest> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(Streams.receive(channel));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }
}
