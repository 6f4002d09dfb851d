package dev.weft.perf;

import java.nio.file.Path;
import java.util.List;

/** No proxy at all: the physical limit of this machine, against which every proxy's cost shows. */
final class DirectTarget implements Target {

    @Override
    public String name() {
        return "direct";
    }

    @Override
    public BackendSet start(BackendSet backends, PerfCertificates certificates, Path workDir) {
        return backends;
    }

    @Override
    public List<Long> pids() {
        return List.of();
    }

    @Override
    public void close() {
    }
}
