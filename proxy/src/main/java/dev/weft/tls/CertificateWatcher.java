package dev.weft.tls;

import dev.weft.config.CertificateSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Watches one TLS listener's certificate and key files (and its ticket key file) and reloads them when any
 * changes. It polls, on a virtual
 * thread, comparing each file's identity (inode), size and modification time: that sees an edit in place and an
 * atomic rename alike (the rename brings a new inode), which inotify on the file would miss, and it needs no
 * thread per directory. A change is applied once the files have stayed the same for one more interval, so a
 * certificate and key written one after the other are read together.
 */
public final class CertificateWatcher implements AutoCloseable {
    private final ServerTls tls;
    private final List<Path> files;
    private final Duration interval;
    private final Thread thread;
    private volatile boolean running = true;

    public CertificateWatcher(String listener, ServerTls tls) {
        this.tls = tls;
        List<Path> watched = new ArrayList<>();
        for (CertificateSource source : tls.config().certificates()) {
            watched.addAll(source.files());
        }
        if (tls.config().sessionTickets().keyFile() != null) {
            watched.add(tls.config().sessionTickets().keyFile());
        }
        watched.addAll(tls.config().clientAuth().files());
        this.files = List.copyOf(watched);
        this.interval = tls.config().certificateCheckInterval();
        this.thread = Thread.ofVirtual().name("weft-" + listener + "-certificates").unstarted(this::watch);
    }

    public void start() {
        thread.start();
    }

    private void watch() {
        List<Object> loaded = fingerprints();
        List<Object> previous = loaded;
        try {
            while (running) {
                Thread.sleep(interval);
                tls.maintain();
                List<Object> now = fingerprints();
                if (!now.equals(loaded) && now.equals(previous)) {
                    // Settled for a whole interval since it changed: load it, whether or not it turns out usable,
                    // and do not try the same broken files again until they change once more.
                    tls.reload();
                    loaded = now;
                }
                previous = now;
            }
        } catch (InterruptedException e) {
            // close() was called.
        }
    }

    private List<Object> fingerprints() {
        List<Object> prints = new ArrayList<>(files.size());
        for (Path file : files) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                prints.add(List.of(Objects.toString(attributes.fileKey()), attributes.size(),
                        attributes.lastModifiedTime()));
            } catch (IOException e) {
                prints.add("missing");
            }
        }
        return prints;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
