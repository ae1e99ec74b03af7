package dev.railyard.migrate.numbered;

import java.nio.file.Path;

/**
 * One {@code NNN_name.sql} file of a plain numbered folder.
 *
 * @param number   its number (001 is 1)
 * @param name     the file name, as the history table keeps it ({@code 001_consolidated_schema.sql})
 * @param file     where it is
 * @param checksum sha256 of its bytes, in hex
 */
public record NumberedFile(long number, String name, Path file, String checksum) {
}
