package dev.weft.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * A file Weft made: the counters file, the control socket, the admin token. It is created owner-only from the
 * start ({@link #OWNER_ONLY}, given to the call that creates it, never a chmod after), and remembered by its file
 * key (device and inode), so that {@link #delete()} removes it only while it is still the file Weft made. Whatever
 * replaced it since, an operator's file or another process's, is left alone.
 */
public final class OwnedFile {
    /** rw-------: what every file Weft creates is born with. */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** rwx------: the private directory a socket is bound in before it is moved into place. */
    public static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private final Path path;
    private final Object key;

    private OwnedFile(Path path, Object key) {
        this.path = path;
        this.key = key;
    }

    /** The attribute that makes a file owner-only as it is created. */
    public static FileAttribute<Set<PosixFilePermission>> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(OWNER_ONLY);
    }

    /** Creates {@code path} exclusively, owner-only, holding {@code content}; fails if anything is there. */
    public static OwnedFile create(Path path, byte[] content) throws IOException {
        Files.write(Files.createFile(path, ownerOnly()), content);
        return adopt(path);
    }

    /** The file Weft has just put at {@code path} (by an exclusive create, or a rename of its own file). */
    public static OwnedFile adopt(Path path) throws IOException {
        return new OwnedFile(path, key(path));
    }

    public Path path() {
        return path;
    }

    /** Removes the file if it is still the one Weft made; returns whether it did. Never throws. */
    public boolean delete() {
        try {
            if (Objects.equals(key, key(path))) {
                Files.delete(path);
                return true;
            }
        } catch (IOException e) {
            // Gone already, or not ours to remove.
        }
        return false;
    }

    private static Object key(Path path) throws IOException {
        Object key = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        if (key == null) {
            throw new IOException(path + ": this file system gives no file identity; Weft cannot tell its own "
                    + "file from another");
        }
        return key;
    }
}
