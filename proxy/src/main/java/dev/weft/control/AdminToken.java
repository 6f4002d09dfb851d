package dev.weft.control;

import dev.weft.files.OwnedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bearer token the admin port asks of a POST and of every path that is not open. Read from
 * {@code admin.token-file}, which must be readable by its owner only, as ssh insists of keys; or, without one,
 * 32 random bytes written to an owner-only file next to the control socket, removed at exit (and replaced at
 * the next start if a killed process could not remove it). Compared in constant time.
 */
public final class AdminToken implements AutoCloseable {
    private static final int SHORTEST = 16;
    /** What {@link #generate} writes: the process, then the random part. */
    private static final Pattern GENERATED = Pattern.compile("weft-([0-9]{1,10})-[0-9a-f]{64}\n");
    /** The token files this process has generated and not yet removed. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final byte[] token;
    private final Path path;
    private final OwnedFile written;

    private AdminToken(byte[] token, Path path, OwnedFile written) {
        this.token = token;
        this.path = path;
        this.written = written;
    }

    /** The token in {@code file}: its first line, at least {@value #SHORTEST} characters. */
    public static AdminToken read(Path file) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (permissions.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
            throw new IOException(file + " is open to other users (" + PosixFilePermissions.toString(permissions)
                    + "); make it owner-only: chmod 600 " + file);
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
        if (text.length() < SHORTEST) {
            throw new IOException(file + " must hold a token of at least " + SHORTEST + " characters on its first "
                    + "line");
        }
        return new AdminToken(text.getBytes(StandardCharsets.UTF_8), file, null);
    }

    /**
     * A random token, written to {@code file}; the file is removed by {@link #close}. The token names the process
     * that made it ({@code weft-<pid>-<64 hex digits>}), so that a file a killed Weft could not remove is known
     * for what it is and replaced at the next start; anything else at {@code file} is refused.
     */
    public static AdminToken generate(Path file) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        byte[] token = ("weft-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random))
                .getBytes(StandardCharsets.US_ASCII);
        byte[] line = new byte[token.length + 1];
        System.arraycopy(token, 0, line, 0, token.length);
        line[token.length] = '\n';
        OwnedFile written;
        try {
            written = OwnedFile.create(file, line);
        } catch (FileAlreadyExistsException e) {
            if (!leftByStoppedWeft(file)) {
                throw new IOException(file + " exists, and Weft replaces no file it did not create (remove it, or "
                        + "set admin.token-file)");
            }
            Files.delete(file);
            written = OwnedFile.create(file, line);
        }
        HELD.add(file.toAbsolutePath());
        return new AdminToken(token, file, written);
    }

    /** Whether {@code file} holds a token a Weft generated that is not running now (or is this very process). */
    private static boolean leftByStoppedWeft(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > 128) {
            return false;
        }
        Matcher generated = GENERATED.matcher(Files.readString(file, StandardCharsets.US_ASCII));
        if (!generated.matches()) {
            return false;
        }
        long writer = Long.parseLong(generated.group(1));
        if (writer == ProcessHandle.current().pid()) {
            return !HELD.contains(file.toAbsolutePath()); // a dead process's, whose pid this one has now
        }
        return !ProcessHandle.of(writer).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Where the generated token goes: beside the control socket, {@code weft.sock} giving {@code weft.token}. */
    public static Path besideSocket(Path socket) {
        String name = socket.getFileName().toString();
        String base = name.endsWith(".sock") ? name.substring(0, name.length() - ".sock".length()) : name;
        return socket.resolveSibling(base + ".token");
    }

    public Path path() {
        return path;
    }

    /** Whether {@code authorization}, the header's value, is "Bearer " and this token. */
    boolean admits(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] offered = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(token, offered);
    }

    @Override
    public void close() {
        if (written != null) {
            written.delete();
            HELD.remove(path.toAbsolutePath());
        }
    }
}
