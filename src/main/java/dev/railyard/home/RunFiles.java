package dev.railyard.home;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Short-lived private files of one run (a native client's option file with its password), in
 * RAILYARD_HOME/run (0700), each 0600 and named with the process id that made it. A run ends
 * by deleting its files; a run that was killed leaves them, and the next start sweeps every
 * file whose process is gone ({@link #sweep}).
 */
public final class RunFiles {


    private RunFiles() {
    }

    /** A new empty 0600 file {@code <prefix><pid>-<random><suffix>} in the 0700 folder. */
    public static Path create(Path folder, String prefix, String suffix) throws IOException {
        AtomicFiles.createPrivateDirectories(folder);
        AtomicFiles.restrictFolderToOwner(folder);
        byte[] random = new byte[8];
        Names.RANDOM.nextBytes(random);
        return AtomicFiles.createPrivateFile(folder.resolve(prefix + ProcessHandle.current().pid() + "-"
                + HexFormat.of().formatHex(random) + suffix));
    }

    /** Deletes the files left by runs that are no longer alive; returns how many. */
    public static int sweep(Path folder) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                Optional<Long> pid = pidOf(file.getFileName().toString());
                if (pid.isPresent() && ProcessHandle.of(pid.get()).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                Files.deleteIfExists(file);
                deleted++;
                log().info("Deleted {}, left by a run that ended without cleaning up", file.getFileName());
            }
        } catch (IOException e) {
            log().warn("Could not sweep {}", folder, e);
        }
        return deleted;
    }

    /** Made on the first file: every start sweeps, and a SecureRandom loads the security providers (30 ms). */
    private static final class Names {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    /**
     * Every start sweeps, and most find nothing to say: the logging library is started only for a
     * line to log (its configuration costs a command like --version most of its start-up).
     */
    private static Logger log() {
        return LoggerFactory.getLogger(RunFiles.class);
    }

    /** The process id in {@code <prefix><pid>-<random><suffix>}: the digits before the last '-'. */
    static Optional<Long> pidOf(String name) {
        int dash = name.lastIndexOf('-');
        int start = dash;
        while (start > 0 && Character.isDigit(name.charAt(start - 1))) {
            start--;
        }
        if (dash <= 0 || start == dash) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(name.substring(start, dash)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
