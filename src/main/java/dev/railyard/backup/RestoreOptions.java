package dev.railyard.backup;

/**
 * How a restore runs.
 *
 * @param createDatabase    when not null: create this database on the target's server and restore
 *                          into it; it is dropped again if the restore fails or is cancelled
 * @param singleTransaction all or nothing in one transaction (default on)
 * @param clean             drop the target's schemas and extensions first (in the same transaction when single)
 * @param stopOnError       stop at the first error (default on); otherwise go on and list the errors
 * @param verifyFirst       check the file is whole (manifest sha256, gzip/zstd checksums) before running anything
 */
public record RestoreOptions(String createDatabase, boolean singleTransaction, boolean clean, boolean stopOnError,
                             boolean verifyFirst) {

    public RestoreOptions {
        if (createDatabase != null && createDatabase.isBlank()) {
            createDatabase = null;
        }
    }

    public static RestoreOptions defaults() {
        return new RestoreOptions(null, true, false, true, true);
    }

    public RestoreOptions withCreateDatabase(String name) {
        return new RestoreOptions(name, singleTransaction, clean, stopOnError, verifyFirst);
    }

    public RestoreOptions withSingleTransaction(boolean value) {
        return new RestoreOptions(createDatabase, value, clean, stopOnError, verifyFirst);
    }

    public RestoreOptions withClean(boolean value) {
        return new RestoreOptions(createDatabase, singleTransaction, value, stopOnError, verifyFirst);
    }

    public RestoreOptions withStopOnError(boolean value) {
        return new RestoreOptions(createDatabase, singleTransaction, clean, value, verifyFirst);
    }

    public RestoreOptions withVerifyFirst(boolean value) {
        return new RestoreOptions(createDatabase, singleTransaction, clean, stopOnError, value);
    }
}
