package dev.weft.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.server.StartupException;
import dev.weft.testkit.IoMode;
import dev.weft.testkit.Ports;
import dev.weft.testkit.Streams;
import dev.weft.testkit.TestServer;
import dev.weft.testkit.WeftFixture;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code reuse-port}: two Weft servers on one port, the kernel spreading clients over them. */
class ReusePortTest {

    private static String config(int port, boolean reusePort, String backend) {
        return """
                weft {
                  listeners.front { bind = "127.0.0.1:%d", backend = app, reuse-port = %s }
                  backends.app { endpoints = ["%s"], health-check.enabled = false }
                }
                """.formatted(port, reusePort, backend);
    }

    @ParameterizedTest
    @EnumSource(value = IoMode.class, names = {"JDK", "NATIVE_SPLICE"})
    void twoServersShareAPortOnlyWithReusePort(IoMode io) throws Exception {
        int port = Ports.free();
        try (TestServer backend = TestServer.start(TestServer.ECHO);
             WeftFixture first = WeftFixture.start(io, config(port, true, backend.hostPort()));
             WeftFixture second = WeftFixture.start(io, config(port, true, backend.hostPort()))) {
            int served = 0;
            for (int i = 0; i < 40; i++) {
                try (SocketChannel client = first.connect()) {
                    Streams.write(client, "x");
                    assertEquals("x", Streams.readExactly(client, 1));
                }
                served++;
            }
            assertEquals(40, served);
            long firstAccepted = first.server().listener("front").counters().accepted();
            long secondAccepted = second.server().listener("front").counters().accepted();
            assertEquals(40, firstAccepted + secondAccepted);
            assertTrue(firstAccepted > 0 && secondAccepted > 0, firstAccepted + " and " + secondAccepted);
            StartupException taken = assertThrows(StartupException.class,
                    () -> WeftFixture.start(io, config(port, false, backend.hostPort())).close());
            assertTrue(taken.getMessage().contains("Address already in use"), taken.getMessage());
        }
    }
}
