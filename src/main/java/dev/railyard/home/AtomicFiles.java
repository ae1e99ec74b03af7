package dev.railyard.home;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files so that a crash leaves either the old content or the new, never a mix:
 * temp file in the same folder, fsync, rename over the target.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Something that writes the whole new content of a file. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void writeString(Path target, String content) throws IOException {
        write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)), false);
    }

    /** As {@link #writeString}, readable and writable by the owner only (0600 where POSIX). */
    public static void writePrivateString(Path target, String content) throws IOException {
        write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)), true);
    }

    public static void write(Path target, Writer writer, boolean ownerOnly) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        createPrivateDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            // Every file Railyard keeps is its user's alone (ownerOnly is kept for the callers that say so).
            restrictToOwner(temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                writer.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            fsyncDirectory(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Creates the folder and any missing parents 0700 where POSIX (everything under RAILYARD_HOME
     * is private to its user); a folder that exists already keeps its mode.
     */
    public static Path createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        try {
            return Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            return Files.createDirectories(dir);
        }
    }

    /** Creates a new empty file, 0600 where POSIX; fails when it exists (create-new). */
    public static Path createPrivateFile(Path file) throws IOException {
        try {
            return Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return Files.createFile(file);
        }
    }

    /** The file attribute for 0600 where the file system has POSIX permissions, none elsewhere. */
    public static java.nio.file.attribute.FileAttribute<?>[] privateFileAttributes(Path where) {
        if (where.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new java.nio.file.attribute.FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
        }
        return new java.nio.file.attribute.FileAttribute<?>[0];
    }

    /** chmod 700 on a folder where POSIX; a no-op elsewhere. */
    public static void restrictFolderToOwner(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException ignored) {
            // Windows: the user's profile folder is already private to the user.
        }
    }

    /** chmod 600 where the file system knows POSIX permissions; a no-op elsewhere. */
    public static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, Set.of(
                    java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                    java.nio.file.attribute.PosixFilePermission.OWNER_WRITE));
        } catch (UnsupportedOperationException ignored) {
            // Windows: the user's profile folder is already private to the user.
        }
    }

    /** Creates a 0600 temp file for secrets handed to child processes (passfiles, option files). */
    public static Path createPrivateTempFile(String prefix, String suffix) throws IOException {
        try {
            return Files.createTempFile(prefix, suffix,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile(prefix, suffix);
        }
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Not every OS lets a directory be opened for fsync (Windows); the rename is still atomic.
        }
    }
}
