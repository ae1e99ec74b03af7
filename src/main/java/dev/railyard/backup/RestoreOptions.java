package dev.railyard.backup;

import java.util.List;

/**
 * How a restore runs.
 *
 * @param createDatabase    when not null: create this database on the target's server and restore
 *                          into it (never blank); it is dropped again if the restore fails or is cancelled
 * @param singleTransaction all or nothing in one transaction (default on)
 * @param clean             drop the objects the backup creates first, and only those (in the same
 *                          transaction when single)
 * @param stopOnError       stop at the first error (default on); otherwise go on and list the errors
 * @param verifyFirst       check the file is whole (manifest sha256, gzip/zstd checksums) before running anything
 * @param jobs              connections building indexes at the same time when not in a single transaction (default 2)
 * @param dryRun            list what the restore would drop (with clean) or collide with, and change nothing
 * @param schemas           restore only the objects and data of these schemas; empty for all
 * @param tables            restore only these tables ("schema.name" or "name" in public), with their
 *                          data, indexes, constraints and triggers; empty for all
 */
public record RestoreOptions(String createDatabase, boolean singleTransaction, boolean clean, boolean stopOnError,
                             boolean verifyFirst, int jobs, boolean dryRun, List<String> schemas, List<String> tables) {

    public RestoreOptions {
        if (createDatabase != null && createDatabase.isBlank()) {
            // Never read as "no new database": that would restore over the existing one.
            throw new IllegalArgumentException("The new database needs a name (a blank one was given)");
        }
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1");
        }
        schemas = schemas == null ? List.of() : List.copyOf(schemas);
        tables = tables == null ? List.of() : List.copyOf(tables);
    }

    public RestoreOptions(String createDatabase, boolean singleTransaction, boolean clean, boolean stopOnError,
                          boolean verifyFirst, int jobs) {
        this(createDatabase, singleTransaction, clean, stopOnError, verifyFirst, jobs, false, List.of(), List.of());
    }

    public static RestoreOptions defaults() {
        return new RestoreOptions(null, true, false, true, true, 2);
    }

    public RestoreOptions withCreateDatabase(String name) {
        return new RestoreOptions(name, singleTransaction, clean, stopOnError, verifyFirst, jobs, dryRun, schemas, tables);
    }

    public RestoreOptions withSingleTransaction(boolean value) {
        return new RestoreOptions(createDatabase, value, clean, stopOnError, verifyFirst, jobs, dryRun, schemas, tables);
    }

    public RestoreOptions withClean(boolean value) {
        return new RestoreOptions(createDatabase, singleTransaction, value, stopOnError, verifyFirst, jobs, dryRun, schemas, tables);
    }

    public RestoreOptions withStopOnError(boolean value) {
        return new RestoreOptions(createDatabase, singleTransaction, clean, value, verifyFirst, jobs, dryRun, schemas, tables);
    }

    public RestoreOptions withVerifyFirst(boolean value) {
        return new RestoreOptions(createDatabase, singleTransaction, clean, stopOnError, value, jobs, dryRun, schemas, tables);
    }

    public RestoreOptions withJobs(int value) {
        return new RestoreOptions(createDatabase, singleTransaction, clean, stopOnError, verifyFirst, value, dryRun, schemas, tables);
    }

    public RestoreOptions withDryRun(boolean value) {
        return new RestoreOptions(createDatabase, singleTransaction, clean, stopOnError, verifyFirst, jobs, value, schemas, tables);
    }

    public RestoreOptions withSchemas(List<String> value) {
        return new RestoreOptions(createDatabase, singleTransaction, clean, stopOnError, verifyFirst, jobs, dryRun, value, tables);
    }

    public RestoreOptions withTables(List<String> value) {
        return new RestoreOptions(createDatabase, singleTransaction, clean, stopOnError, verifyFirst, jobs, dryRun, schemas, value);
    }

    /** True when only part of the backup is restored. */
    public boolean partial() {
        return !schemas.isEmpty() || !tables.isEmpty();
    }
}
