package dev.railyard.backup.mysql;

import dev.railyard.db.MysqlClientOptions;
import dev.railyard.home.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A private (0600) option file giving a native client its connection and password (the text comes
 * from {@link MysqlClientOptions}, with the same TLS settings as every connection), passed as
 * {@code --defaults-extra-file=FILE} (which must be the first argument). The password is never on
 * a command line, where {@code ps} would show it. Deleted on {@link #close()}.
 */
final class MysqlOptionFile implements AutoCloseable {

    private final Path path;

    private MysqlOptionFile(Path path) {
        this.path = path;
    }

    /**
     * Writes the [client] group for {@code endpoint}.
     *
     * @throws IllegalArgumentException when the password cannot be written in an option file (it holds both
     *                                  quote characters); the caller then uses the built-in engine
     */
    static MysqlOptionFile write(MysqlEndpoint endpoint, MysqlTools.Tool tool, Path folder) throws IOException {
        String text = MysqlClientOptions.text(endpoint.endpoint(), endpoint.password(), tool.mariaDb());
        // In RAILYARD_HOME/run (0700) when given: a killed run's file is swept at the next start.
        Path file = folder != null ? dev.railyard.home.RunFiles.create(folder, "my-", ".cnf")
                : AtomicFiles.createPrivateTempFile("railyard-my-", ".cnf");
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new MysqlOptionFile(file);
    }

    /** True when {@code value} can be written in an option file. */
    static boolean writable(String value) {
        return MysqlClientOptions.writable(value);
    }

    /** The argument that must come first on the command line. */
    String argument() {
        return "--defaults-extra-file=" + path;
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a 0600 temp file; the OS cleans its temp folder
        }
    }
}
