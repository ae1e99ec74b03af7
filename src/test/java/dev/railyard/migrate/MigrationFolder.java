package dev.railyard.migrate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A folder of Flyway scripts for a test. */
final class MigrationFolder {

    final Path dir;

    MigrationFolder(Path dir) {
        this.dir = dir;
    }

    Path write(String name, String sql) {
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve(name), sql);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void delete(String name) {
        try {
            Files.delete(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
