package dev.railyard.migrate;

import java.time.Instant;

/**
 * One row of the Flyway status table.
 *
 * @param version           "7", "2.1"; null for repeatable migrations
 * @param type              "SQL", "JDBC", "BASELINE", ...
 * @param script            the script's name as Flyway knows it ("V7__add_index.sql")
 * @param checksum          the checksum Flyway shows (applied one when applied, else the file's); may be null
 * @param installedOn       null when not applied
 * @param installedBy       null when not applied
 * @param executionMillis   null when not applied
 * @param file              the resolved script's path on disk or classpath location; null when there is no file
 * @param appliedChecksum   checksum in the history table; null when not applied
 * @param fileChecksum      checksum of the file now; null when there is no file
 */
public record MigrationRow(
        String version,
        String description,
        String type,
        String script,
        Integer checksum,
        Instant installedOn,
        String installedBy,
        Integer executionMillis,
        MigrationStatus status,
        Integer installedRank,
        String file,
        Integer appliedChecksum,
        Integer fileChecksum) {

    /** "V7", "R" for repeatables: the label used in summaries. */
    public String label() {
        return version == null ? "R " + description : "V" + version;
    }

    /** True when applied and its file's checksum no longer matches the history table. */
    public boolean checksumChanged() {
        return appliedChecksum != null && fileChecksum != null && !appliedChecksum.equals(fileChecksum);
    }
}
