package dev.weft.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.metrics.Sample;
import dev.weft.testkit.Await;
import dev.weft.testkit.IoMode;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.WeftFixture;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What an idle connection holds: on the native transport its pumps wait for data with no buffer at all. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IdleBuffersTest {

    @ParameterizedTest
    @EnumSource(value = IoMode.class, names = {"NATIVE_COPY", "NATIVE_SPLICE"})
    void idleProxiedConnectionsHoldNoPooledBufferAfterSmallMessagesAndAfterAStream(IoMode io) throws Exception {
        try (TestServer echo = TestServer.start(TestServer.ECHO);
             WeftFixture weft = WeftFixture.proxyTo(io, "", echo.hostPort())) {
            List<SocketChannel> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    SocketChannel client = weft.connect();
                    clients.add(client);
                    Streams.write(client, "hello");
                    assertEquals("hello", Streams.readExactly(client, 5));
                }
                // A burst that fills the small buffer, then silence: the stream's buffers go back too.
                SocketChannel streaming = clients.getFirst();
                Streams.Digest sent = Streams.send(streaming, 3, 64 << 10);
                byte[] echoed = Streams.readBytes(streaming, 64 << 10);
                assertEquals(sent.sha256(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(echoed)), "the stream came back byte for byte");
                Await.until(() -> buffersInUse(weft) == 0, Duration.ofSeconds(10),
                        () -> buffersInUse(weft) + " pooled buffers still lent out by 20 idle connections");
            } finally {
                for (SocketChannel client : clients) {
                    client.close();
                }
            }
        }
    }

    private static long buffersInUse(WeftFixture weft) {
        return weft.server().samples().stream().filter(sample -> sample.name().equals("weft_buffers_in_use"))
                .mapToLong(Sample::value).sum();
    }
}
