package dev.railyard.backup;

/**
 * How a restore runs.
 *
 * @param createDatabase    when not null: create this database on the target's server and restore
 *                          into it (never blank); it is dropped again if the restore fails or is cancelled
 * @param singleTransaction all or nothing in one transaction (default on)
 * @param clean             drop the target's schemas and extensions first (in the same transaction when single)
 * @param stopOnError       stop at the first error (default on); otherwise go on and list the errors
 * @param verifyFirst       check the file is whole (manifest sha256, gzip/zstd checksums) before running anything
 * @param jobs              connections building indexes at the same time when not in a single transaction (default 2)
 */
public record RestoreOptions(String createDatabase, boolean singleTransaction, boolean clean, boolean stopOnError,
                             boolean verifyFirst, int jobs) {

    public RestoreOptions {
        if (createDatabase != null && createDatabase.isBlank()) {
            // Never read as "no new database": that would restore over the existing one.
            throw new IllegalArgumentException("The new database needs a name (a blank one was given)");
        }
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1");
        }
    }

    public static RestoreOptions defaults() {
        return new RestoreOptions(null, true, false, true, true, 2);
    }

    public RestoreOptions withCreateDatabase(String name) {
        return new RestoreOptions(name, singleTransaction, clean, stopOnError, verifyFirst, jobs);
    }

    public RestoreOptions withSingleTransaction(boolean value) {
        return new RestoreOptions(createDatabase, value, clean, stopOnError, verifyFirst, jobs);
    }

    public RestoreOptions withClean(boolean value) {
        return new RestoreOptions(createDatabase, singleTransaction, value, stopOnError, verifyFirst, jobs);
    }

    public RestoreOptions withStopOnError(boolean value) {
        return new RestoreOptions(createDatabase, singleTransaction, clean, value, verifyFirst, jobs);
    }

    public RestoreOptions withVerifyFirst(boolean value) {
        return new RestoreOptions(createDatabase, singleTransaction, clean, stopOnError, value, jobs);
    }

    public RestoreOptions withJobs(int value) {
        return new RestoreOptions(createDatabase, singleTransaction, clean, stopOnError, verifyFirst, value);
    }
}
