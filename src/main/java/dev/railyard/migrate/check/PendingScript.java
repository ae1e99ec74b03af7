package dev.railyard.migrate.check;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A migration that has not run yet: its tool, name, file and text.
 *
 * @param tool "Flyway", "Prisma", "Drizzle", "hand-rolled" ... as shown to the user
 * @param file the script on disk; null for a class-path script
 */
public record PendingScript(String tool, String name, Path file, String text, TransactionMode mode) {

    public PendingScript {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(mode, "mode");
    }
}
