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
        String note) {

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
    }

    /** The whole database, uncompressed, without owners and privileges. */
    public static BackupOptions defaults() {
        return new BackupOptions(List.of(), List.of(), false, false, false, false, Compression.NONE, 0, "");
    }

    public BackupOptions withCompression(Compression value) {
        return new BackupOptions(schemas, tables, schemaOnly, dataOnly, owners, privileges, value, compressionLevel, note);
    }

    public BackupOptions withCompressionLevel(int value) {
        return new BackupOptions(schemas, tables, schemaOnly, dataOnly, owners, privileges, compression, value, note);
    }

    public BackupOptions withSchemas(List<String> value) {
        return new BackupOptions(value, tables, schemaOnly, dataOnly, owners, privileges, compression, compressionLevel, note);
    }

    public BackupOptions withTables(List<String> value) {
        return new BackupOptions(schemas, value, schemaOnly, dataOnly, owners, privileges, compression, compressionLevel, note);
    }

    public BackupOptions withSchemaOnly(boolean value) {
        return new BackupOptions(schemas, tables, value, dataOnly, owners, privileges, compression, compressionLevel, note);
    }

    public BackupOptions withDataOnly(boolean value) {
        return new BackupOptions(schemas, tables, schemaOnly, value, owners, privileges, compression, compressionLevel, note);
    }

    public BackupOptions withOwners(boolean value) {
        return new BackupOptions(schemas, tables, schemaOnly, dataOnly, value, privileges, compression, compressionLevel, note);
    }

    public BackupOptions withPrivileges(boolean value) {
        return new BackupOptions(schemas, tables, schemaOnly, dataOnly, owners, value, compression, compressionLevel, note);
    }

    public BackupOptions withNote(String value) {
        return new BackupOptions(schemas, tables, schemaOnly, dataOnly, owners, privileges, compression, compressionLevel, value);
    }

    /** True when the whole database is in scope. */
    public boolean wholeDatabase() {
        return schemas.isEmpty() && tables.isEmpty();
    }
}
