package dev.railyard.migrate.history;

import java.nio.file.Path;

/**
 * One migration of a tool's folder next to its history row.
 *
 * @param name           the migration's name as the tool knows it (Prisma folder, Drizzle tag, file name)
 * @param file           the script; null for {@link FileState#NOT_IN_FOLDER}
 * @param storedChecksum what the history table holds; null when none
 * @param fileChecksum   the file's checksum computed the tool's way; null when no file or no checksum kept
 */
public record FolderFile(String name, Path file, FileState state, String storedChecksum, String fileChecksum, String detail) {

    public FolderFile {
        detail = detail == null ? "" : detail;
    }
}
