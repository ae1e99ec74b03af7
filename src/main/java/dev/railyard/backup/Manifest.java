package dev.railyard.backup;

import java.time.Instant;
import java.util.List;

/**
 * What is known about a backup file, written as JSON beside it ({@code <file>.manifest.json}).
 * A backup counts as complete only when its manifest exists and its sha256 matches.
 *
 * @param formatVersion     version of this manifest's layout
 * @param engine            "railyard-builtin" or "pg_dump"
 * @param engineVersion     Railyard's version, or the native tool's ("15.20")
 * @param dialect           "postgres" or "mysql"
 * @param serverVersion     the source server's version ("17.2")
 * @param source            where the data came from, without secrets: "postgres@host:5432/railway"
 * @param profile           the profile's name, null when run from a URL
 * @param database          the source database
 * @param startedAt         when the snapshot was taken
 * @param finishedAt        when the file was complete
 * @param file              the backup file's name (no folder: the manifest sits beside it)
 * @param format            "sql" (plain script) or "custom" (pg_dump -Fc)
 * @param compression       "none", "gzip" or "zstd"
 * @param fileBytes         size of the file on disk
 * @param uncompressedBytes size of the script before compression, -1 when unknown
 * @param sha256            hex digest of the file on disk
 * @param options           what was asked for
 * @param tables            per table: rows and bytes of data written
 * @param warnings          everything not reproduced or worth knowing; never empty silently
 * @param note              the user's note
 * @param migrationHead     the schema migration version at the time, null when unknown
 * @param sections          where the data and post-data sections start in the file (each at the
 *                          start of a compressed frame), null when unknown: lets a restore load
 *                          tables in parallel
 */
public record Manifest(
        int formatVersion,
        String engine,
        String engineVersion,
        String dialect,
        String serverVersion,
        String source,
        String profile,
        String database,
        Instant startedAt,
        Instant finishedAt,
        String file,
        String format,
        String compression,
        long fileBytes,
        long uncompressedBytes,
        String sha256,
        BackupOptions options,
        List<TableEntry> tables,
        List<String> warnings,
        String note,
        String migrationHead,
        Sections sections) {

    public static final int FORMAT_VERSION = 1;

    public Manifest {
        tables = tables == null ? List.of() : List.copyOf(tables);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        note = note == null ? "" : note;
    }

    /**
     * Rows and bytes (uncompressed COPY text) written for one table, and where its data section
     * lies in the file ({@code fileOffset} -1 when unknown).
     */
    public record TableEntry(String schema, String name, long rows, long bytes, long fileOffset, long fileLength) {
        public TableEntry(String schema, String name, long rows, long bytes) {
            this(schema, name, rows, bytes, -1, -1);
        }
    }

    /** File offsets where the table data, the sequence values and the post-data section start. */
    public record Sections(long data, long sequences, long postData) {
    }

    /** A manifest without section offsets: MySQL dumps and imported files have none. */
    public Manifest(int formatVersion, String engine, String engineVersion, String dialect, String serverVersion,
                    String source, String profile, String database, Instant startedAt, Instant finishedAt, String file,
                    String format, String compression, long fileBytes, long uncompressedBytes, String sha256,
                    BackupOptions options, List<TableEntry> tables, List<String> warnings, String note, String migrationHead) {
        this(formatVersion, engine, engineVersion, dialect, serverVersion, source, profile, database, startedAt, finishedAt,
                file, format, compression, fileBytes, uncompressedBytes, sha256, options, tables, warnings, note,
                migrationHead, null);
    }

    public long totalRows() {
        return tables.stream().mapToLong(TableEntry::rows).sum();
    }

    public Manifest withMigrationHead(String head) {
        return new Manifest(formatVersion, engine, engineVersion, dialect, serverVersion, source, profile, database,
                startedAt, finishedAt, file, format, compression, fileBytes, uncompressedBytes, sha256, options, tables,
                warnings, note, head, sections);
    }
}
