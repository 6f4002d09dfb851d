package dev.weft.handover;

import dev.weft.config.HostPort;
import dev.weft.files.OwnedFile;
import dev.weft.linux.FdChannel;
import dev.weft.server.InheritedListener;
import dev.weft.server.WeftServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The old side of {@code bin/weft upgrade}: starts the next process, hands it every listening socket over a
 * private {@link FdChannel}, and once it accepts on them gives up the control socket, the admin port and its
 * files, stops accepting (the sockets stay open in the new process, so no client is refused or reset), hands over
 * the sessions that can move (see {@link SessionMover}), drains the rest, and exits.
 * <p>
 * The blocking socket calls run on a platform thread of their own; the caller, a control-socket thread, waits for
 * the outcome: "OK" once the new process serves, or "ERROR" and why, with nothing changed.
 */
public final class Predecessor {
    private static final System.Logger LOG = System.getLogger("weft.upgrade");

    /** What the running process does at each step; {@code cli.Serve} provides them. */
    public interface Hooks {
        /** Closes the control socket, the admin port and the counters file, so the new process can open them. */
        void releaseServices();

        /** Tells the service manager that {@code pid} is the service's main process now. */
        void mainPid(long pid);

        /** Ends this process once every session is gone: handed over, finished, or closed at the drain timeout. */
        void exit();
    }

    private final WeftServer server;
    private final List<String> command;
    private final Path directory;
    private final Duration timeout;
    private final Hooks hooks;
    private boolean started;

    /**
     * @param command   how to start the next process: the launcher and this process's own arguments
     * @param directory where the private handover socket is made (beside the control socket)
     * @param timeout   for each step of the new process's start
     */
    public Predecessor(WeftServer server, List<String> command, Path directory, Duration timeout, Hooks hooks) {
        this.server = server;
        this.command = command;
        this.directory = directory;
        this.timeout = timeout;
        this.hooks = hooks;
    }

    /** @return "OK ..." once the new process serves, or "ERROR ..." with this process serving as before */
    public synchronized String upgrade() {
        if (started) {
            return "ERROR an upgrade is already under way; this process is handing over";
        }
        if (!server.transport().nativeSockets()) {
            return "ERROR upgrade hands sockets over, which the jdk transport cannot; use io.transport = native";
        }
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread.ofPlatform().name("weft-upgrade").start(() -> outcome.complete(run()));
        try {
            String answer = outcome.get();
            started = answer.startsWith("OK");
            return answer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "ERROR interrupted";
        } catch (ExecutionException e) {
            return "ERROR " + e.getCause();
        }
    }

    private String run() {
        Path privateDirectory;
        try {
            privateDirectory = Files.createTempDirectory(directory, ".weft-upgrade-",
                    PosixFilePermissions.asFileAttribute(OwnedFile.OWNER_ONLY_DIRECTORY));
        } catch (IOException e) {
            return "ERROR cannot make the handover socket's directory in " + directory + ": " + e.getMessage();
        }
        Path path = privateDirectory.resolve("handover");
        Process next = null;
        FdChannel channel = null;
        try (FdChannel.Server listening = FdChannel.listen(path)) {
            ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
            builder.environment().put(Successor.ENVIRONMENT, path.toString());
            next = builder.start();
            LOG.log(System.Logger.Level.INFO, "upgrade: started process " + next.pid() + ": "
                    + String.join(" ", command));
            // A new process that dies before it connects must not leave this one waiting.
            next.onExit().thenRun(listening::close);
            channel = listening.accept(timeout);
            List<InheritedListener> sockets = server.listeningSockets();
            List<Object> words = new ArrayList<>();
            int[] fds = new int[sockets.size()];
            for (int i = 0; i < sockets.size(); i++) {
                words.add(sockets.get(i).name());
                words.add(HostPort.of(sockets.get(i).address()).toString());
                fds[i] = sockets.get(i).fd();
            }
            channel.send(HandoverMessage.of(HandoverMessage.LISTENERS, words.toArray()).encode(), fds);
            HandoverMessage ready = receive(channel);
            if (!ready.kind().equals(HandoverMessage.READY)) {
                throw new IOException("process " + next.pid() + " could not start: " + String.join(" ",
                        ready.words()));
            }
            LOG.log(System.Logger.Level.INFO, "upgrade: process " + next.pid() + " accepts on " + sockets.size()
                    + " listener(s); this one stops accepting and gives way");
            hooks.releaseServices();
            hooks.mainPid(next.pid());
            channel.send(HandoverMessage.of(HandoverMessage.RELEASED).encode());
            HandoverMessage serving = receive(channel);
            if (!serving.kind().equals(HandoverMessage.SERVING)) {
                LOG.log(System.Logger.Level.ERROR, "upgrade: process " + next.pid() + " said " + serving);
            }
            long pid = next.pid();
            FdChannel sessions = channel;
            channel = null;
            Thread.ofPlatform().name("weft-upgrade-sessions").start(() -> {
                new SessionMover(server, sessions).moveThenDrain();
                hooks.exit();
            });
            return "OK upgraded: process " + pid + " took over " + sockets.size() + " listener(s); process "
                    + ProcessHandle.current().pid() + " hands over its idle sessions, drains the rest and exits";
        } catch (IOException e) {
            String why = e.getMessage();
            if (next != null && next.isAlive()) {
                next.destroy();
            } else if (next != null) {
                why = "process " + next.pid() + " exited with status " + next.exitValue() + " before it took over"
                        + " (its output says why)";
            }
            LOG.log(System.Logger.Level.ERROR, "upgrade failed, this process serves on: " + why);
            return "ERROR upgrade failed: " + why + "; this process serves on";
        } finally {
            if (channel != null) {
                channel.close();
            }
            try {
                Files.deleteIfExists(path);
                Files.deleteIfExists(privateDirectory);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "upgrade: cannot remove " + privateDirectory + ": "
                        + e.getMessage());
            }
        }
    }

    private static HandoverMessage receive(FdChannel channel) throws IOException {
        FdChannel.Message message = channel.receive();
        if (message == null) {
            throw new IOException("the new process closed the handover socket");
        }
        FdChannel.closeAll(message.fds());
        return HandoverMessage.decode(message.payload());
    }
}
