package dev.weft.perf.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramTest {
    @TempDir
    Path dir;

    @Test
    void aProgramIsFoundOnlyAsAnExecutableOnThePathGiven() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createFile(bin.resolve("iperf3"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.createFile(bin.resolve("wrk"));
        String path = dir.resolve("nowhere") + "::" + bin;
        assertEquals(bin.resolve("iperf3"), Program.IPERF3.locate(path).orElseThrow());
        assertTrue(Program.WRK.locate(path).isEmpty(), "not executable");
        assertTrue(Program.SOCKPERF.locate(path).isEmpty());
    }

    @Test
    void theInstallLineNamesEachPackageOnce() {
        assertEquals("apt-get install -y redis-tools redis-server", Program.installLine(List.of(
                Program.REDIS_BENCHMARK, Program.REDIS_SERVER, Program.REDIS_BENCHMARK)));
        assertEquals("apt-get install -y wrk nginx-light", Program.installLine(List.of(Program.WRK, Program.NGINX)));
    }
}
