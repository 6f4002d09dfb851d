package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.control.ControlSocket;
import dev.weft.control.RuntimeApi;
import dev.weft.files.OwnedFile;
import dev.weft.metrics.CountersFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counters file and the control socket: owner-only from birth, refused where an operator's file or a live
 * process's already is, stale ones of a stopped Weft replaced, and removed at exit only while still Weft's own.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OwnedFilesTest {
    private static final long MAGIC = 0x31544e4354464557L;

    @TempDir
    Path dir;

    private static final RuntimeApi NO_API = null;

    @Test
    void aControlSocketNeverReplacesAFileAndIsBornOwnerOnly() throws Exception {
        Path path = dir.resolve("weft.sock");
        Files.writeString(path, "an operator's notes");
        IOException refused = assertThrows(IOException.class, () -> ControlSocket.open(path, NO_API));
        assertTrue(refused.getMessage().contains("is not a socket"), refused.getMessage());
        assertEquals("an operator's notes", Files.readString(path));
        Files.delete(path);

        try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(path));
        }
        assertTrue(Files.exists(path), "a stopped process left its socket");
        try (ControlSocket control = ControlSocket.open(path, NO_API)) {
            assertEquals(OwnedFile.OWNER_ONLY, Files.getPosixFilePermissions(path));
            IOException live = assertThrows(IOException.class, () -> ControlSocket.open(path, NO_API));
            assertTrue(live.getMessage().contains("running process"), live.getMessage());
            try (var files = Files.list(dir)) {
                assertEquals(List.of(path), files.toList(), "no staging directory left behind");
            }
        }
        assertFalse(Files.exists(path), "removed at exit");
    }

    @Test
    void whatReplacedWeftsFileSinceIsLeftAtExit() throws Exception {
        Path socket = dir.resolve("weft.sock");
        ControlSocket control = ControlSocket.open(socket, NO_API);
        Files.delete(socket);
        Files.writeString(socket, "mine now");
        control.close();
        assertEquals("mine now", Files.readString(socket));

        Path counters = dir.resolve("weft.counters");
        CountersFile file = CountersFile.create(counters, 64);
        Files.delete(counters);
        Files.writeString(counters, "mine too");
        file.close();
        assertEquals("mine too", Files.readString(counters));
    }

    @Test
    void aCountersFileReplacesOnlyAStoppedWeftsFile() throws Exception {
        Path path = dir.resolve("weft.counters");
        Files.writeString(path, "x".repeat(100));
        IOException refused = assertThrows(IOException.class, () -> CountersFile.create(path, 64));
        assertTrue(refused.getMessage().contains("not a counters file"), refused.getMessage());
        assertEquals("x".repeat(100), Files.readString(path));

        long running = ProcessHandle.current().parent().orElseThrow().pid();
        Files.write(path, header(running));
        refused = assertThrows(IOException.class, () -> CountersFile.create(path, 64));
        assertTrue(refused.getMessage().contains("running Weft (pid " + running + ")"), refused.getMessage());

        Process stopped = new ProcessBuilder("true").start();
        stopped.waitFor();
        Files.write(path, header(stopped.pid()));
        try (CountersFile file = CountersFile.create(path, 64)) {
            assertEquals(OwnedFile.OWNER_ONLY, Files.getPosixFilePermissions(path));
            assertEquals(ProcessHandle.current().pid(), CountersFile.read(path).pid());
            assertEquals(path, file.path());
        }
        assertFalse(Files.exists(path));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "no partial file left behind");
        }
    }

    @Test
    void checkRefusesAConfigThatPointsAtAnOperatorsFiles() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "keep me");
        Path config = Files.writeString(dir.resolve("weft.conf"), """
                weft {
                  listeners.web { bind = "127.0.0.1:0", backend = app }
                  backends.app.endpoints = ["127.0.0.1:1"]
                  metrics.counters-file = "%s"
                  control.socket = "%s"
                }
                """.formatted(notes, notes));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new WeftCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute(new String[] {"check", "--config", config.toString()});
        assertEquals(Command.FAILED, status);
        String said = err.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains(notes + " exists and is not a socket"), said);
        assertEquals("keep me", Files.readString(notes));
    }

    private static byte[] header(long pid) {
        ByteBuffer header = ByteBuffer.allocate(128).order(ByteOrder.nativeOrder());
        header.putLong(0, MAGIC).putLong(8, pid);
        return header.array();
    }
}
