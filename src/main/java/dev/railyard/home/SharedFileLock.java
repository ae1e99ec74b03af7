package dev.railyard.home;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A lock shared by every Railyard process (the window and any number of CLI runs) for a
 * read-modify-write of one file in RAILYARD_HOME: an OS file lock on a lock file beside it. Inside
 * one JVM the lock is also taken in memory first, because the OS lock belongs to the process and
 * {@link FileChannel#lock()} refuses a second holder in the same JVM instead of waiting.
 */
public final class SharedFileLock {

    /**
     * One in-memory lock per lock file, for the JVM's lifetime: the only static state here, since the
     * OS lock it stands in front of is per process too.
     */
    private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private SharedFileLock() {
    }

    /** Work done while the lock is held. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws IOException;
    }

    /** Owner-only, like every file in RAILYARD_HOME, where the file system knows permissions. */
    private static FileChannel open(Path file) throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return FileChannel.open(file, options);
    }

    /** Runs {@code work} holding the lock on {@code lockFile} (created when missing; never deleted). */
    public static <T> T with(Path lockFile, Work<T> work) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        Files.createDirectories(key.getParent());
        ReentrantLock local = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
        local.lock();
        try (FileChannel channel = open(key); FileLock ignored = channel.lock()) {
            return work.run();
        } finally {
            local.unlock();
        }
    }
}
