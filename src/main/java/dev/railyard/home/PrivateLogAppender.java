package dev.railyard.home;

import ch.qos.logback.core.rolling.RollingFileAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The log file appender ({@link LogSetup}): the folder is made 0700 and each log file 0600
 * before logback opens it (at start and after each roll-over), since logs name hosts, databases
 * and what was done to them.
 */
public final class PrivateLogAppender<E> extends RollingFileAppender<E> {

    @Override
    public void openFile(String fileName) throws IOException {
        Path file = Path.of(fileName).toAbsolutePath();
        AtomicFiles.createPrivateDirectories(file.getParent());
        if (!Files.exists(file)) {
            try {
                AtomicFiles.createPrivateFile(file);
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // Another run made it first.
            }
        }
        AtomicFiles.restrictToOwner(file);
        super.openFile(fileName);
    }
}
