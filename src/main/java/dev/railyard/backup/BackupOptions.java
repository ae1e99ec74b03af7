package dev.railyard.backup;

import java.util.List;

/**
 * What a backup covers and how it is written. Owners and privileges are off by default
 * (like pg_dump --no-owner --no-privileges): a restore into another project's database
 * should not fail on roles that do not exist there.
 *
 * @param schemas          schemas to include; empty for all
 * @param tables           tables (or views, sequences) to include, "schema.name" or "name",
 *                         {@code *} and {@code ?} as wildcards; empty for all
 * @param schemaOnly       definitions without data
 * @param dataOnly         data (and sequence values) without definitions
 * @param owners           write ALTER ... OWNER TO
 * @param privileges       write GRANT / REVOKE
 * @param compression      how the file is compressed
 * @param compressionLevel 0 for the compression's default
 * @param note             the user's note, kept in the manifest; may be empty
 * @param jobs             connections copying tables at once in the built-in engines, sharing one
 *                         snapshot; 0 for the default ({@value #DEFAULT_JOBS})
 */
public record BackupOptions(
        List<String> schemas,
        List<String> tables,
        boolean schemaOnly,
        boolean dataOnly,
        boolean owners,
        boolean privileges,
        Compression compression,
        int compressionLevel,
        String note,
        int jobs) {

    public static final int DEFAULT_JOBS = 2;
    public static final int MAX_JOBS = 16;

    public BackupOptions {
        schemas = schemas == null ? List.of() : List.copyOf(schemas);
        tables = tables == null ? List.of() : List.copyOf(tables);
        compression = compression == null ? Compression.NONE : compression;
        note = note == null ? "" : note;
        if (schemaOnly && dataOnly) {
            throw new IllegalArgumentException("Choose schema only or data only, not both");
        }
        if (compressionLevel < 0 || compressionLevel > 22) {
            throw new IllegalArgumentException("Compression level " + compressionLevel + " is out of range (0 = default)");
        }
        if (jobs < 0 || jobs > MAX_JOBS) {
            throw new IllegalArgumentException("Jobs " + jobs + " is out of range: 1 to " + MAX_JOBS + " connections");
        }
    }

    /** The whole database, uncompressed, without owners and privileges. */
    public static BackupOptions defaults() {
        return new BackupOptions(List.of(), List.of(), false, false, false, false, Compression.NONE, 0, "", 0);
    }

    public BackupOptions withCompression(Compression value) {
        return new BackupOptions(schemas, tables, schemaOnly, dataOnly, owners, privileges, value, compressionLevel, note, jobs);
    }

    public BackupOptions withCompressionLevel(int value) {
        return new BackupOptions(schemas, tables, schemaOnly, dataOnly, owners, privileges, compression, value, note, jobs);
    }

    public BackupOptions withSchemas(List<String> value) {
        return new BackupOptions(value, tables, schemaOnly, dataOnly, owners, privileges, compression, compressionLevel, note, jobs);
    }

    public BackupOptions withTables(List<String> value) {
        return new BackupOptions(schemas, value, schemaOnly, dataOnly, owners, privileges, compression, compressionLevel, note, jobs);
    }

    public BackupOptions withSchemaOnly(boolean value) {
        return new BackupOptions(schemas, tables, value, dataOnly, owners, privileges, compression, compressionLevel, note, jobs);
    }

    public BackupOptions withDataOnly(boolean value) {
        return new BackupOptions(schemas, tables, schemaOnly, value, owners, privileges, compression, compressionLevel, note, jobs);
    }

    public BackupOptions withOwners(boolean value) {
        return new BackupOptions(schemas, tables, schemaOnly, dataOnly, value, privileges, compression, compressionLevel, note, jobs);
    }

    public BackupOptions withPrivileges(boolean value) {
        return new BackupOptions(schemas, tables, schemaOnly, dataOnly, owners, value, compression, compressionLevel, note, jobs);
    }

    public BackupOptions withNote(String value) {
        return new BackupOptions(schemas, tables, schemaOnly, dataOnly, owners, privileges, compression, compressionLevel, value, jobs);
    }

    public BackupOptions withJobs(int value) {
        return new BackupOptions(schemas, tables, schemaOnly, dataOnly, owners, privileges, compression, compressionLevel, note, value);
    }

    /** The connections to copy with: {@link #jobs()}, or the default. */
    public int effectiveJobs() {
        return jobs == 0 ? DEFAULT_JOBS : jobs;
    }

    /**
     * The compression level when the options leave it to the engine (0): the fastest level of gzip and
     * zstd. A dump's rows are text and hex, where zstd 3 costs about twice the CPU of zstd 1 for a file
     * no smaller (measured with PgBackupBenchmark and MysqlBackupBenchmark), and the compressor, not
     * the server, would set the pace.
     */
    public int engineLevel() {
        return compressionLevel == 0 && compression != Compression.NONE ? 1 : compressionLevel;
    }

    /** True when the whole database is in scope. */
    public boolean wholeDatabase() {
        return schemas.isEmpty() && tables.isEmpty();
    }

    /**
     * What the backup covers, in words: "whole database", "schemas public, shop", "tables
     * public.orders", followed by ", schema only" or ", data only" when it is.
     */
    public String scope() {
        StringBuilder text = new StringBuilder();
        if (wholeDatabase()) {
            text.append("whole database");
        } else {
            if (!schemas.isEmpty()) {
                text.append(schemas.size() == 1 ? "schema " : "schemas ").append(String.join(", ", schemas));
            }
            if (!tables.isEmpty()) {
                text.append(text.isEmpty() ? "" : "; ").append(tables.size() == 1 ? "table " : "tables ").append(String.join(", ", tables));
            }
        }
        if (schemaOnly) {
            text.append(", schema only");
        } else if (dataOnly) {
            text.append(", data only");
        }
        return text.toString();
    }
}
