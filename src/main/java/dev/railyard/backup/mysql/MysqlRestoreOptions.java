package dev.railyard.backup.mysql;

/**
 * How a MySQL restore runs. MySQL cannot roll DDL back, so the default is a new database,
 * created for the restore and dropped again if anything fails: nothing half-restored remains.
 *
 * @param database      the database to restore into: a new one to create (null: a name is made up
 *                      from the source's, e.g. {@code railway_restored_20261121_0830}), or with
 *                      {@code intoExisting} an existing one (null: the target connection's database)
 * @param intoExisting  restore into an existing database instead of a new one
 * @param stopOnError   stop at the first error (default); otherwise go on and list the errors
 * @param parallelLoads connections loading rows side by side for Railyard's own dumps (1 = none)
 * @param verifyFirst   check the file before running anything: against its manifest's sha256 when there
 *                      is one, else (into an existing database) by reading it once
 * @param nativeClient  run the {@code mysql}/{@code mariadb} client instead of Railyard's runner
 * @param clean         into an existing database: drop first the tables, views, routines, triggers and
 *                      events the backup holds, and nothing else
 * @param dryRun        list what would be dropped (with clean) and change nothing
 * @param mapFlavour    a backup of the other flavour (MySQL into MariaDB or back): apply the mappings
 *                      {@link CrossFlavour} finds (collations, sql_mode flags, sequences skipped);
 *                      without it such a restore that would fail stops before changing anything
 */
public record MysqlRestoreOptions(String database, boolean intoExisting, boolean stopOnError, int parallelLoads,
                                  boolean verifyFirst, boolean nativeClient, boolean clean, boolean dryRun,
                                  boolean mapFlavour) {

    public MysqlRestoreOptions(String database, boolean intoExisting, boolean stopOnError, int parallelLoads,
                               boolean verifyFirst, boolean nativeClient, boolean clean, boolean dryRun) {
        this(database, intoExisting, stopOnError, parallelLoads, verifyFirst, nativeClient, clean, dryRun, false);
    }

    public MysqlRestoreOptions(String database, boolean intoExisting, boolean stopOnError, int parallelLoads,
                               boolean verifyFirst, boolean nativeClient) {
        this(database, intoExisting, stopOnError, parallelLoads, verifyFirst, nativeClient, false, false);
    }

    public MysqlRestoreOptions {
        if (database != null && database.isBlank()) {
            database = null;
        }
        if (parallelLoads < 1 || parallelLoads > 32) {
            throw new IllegalArgumentException("parallelLoads must be 1 to 32, not " + parallelLoads);
        }
    }

    /** A new database with a made-up name, stop on the first error, rows on 2 connections, verify first. */
    public static MysqlRestoreOptions defaults() {
        return new MysqlRestoreOptions(null, false, true, 2, true, false, false, false, false);
    }

    /** Restore into a new database called {@code name}. */
    public MysqlRestoreOptions intoNewDatabase(String name) {
        return new MysqlRestoreOptions(name, false, stopOnError, parallelLoads, verifyFirst, nativeClient, clean, dryRun, mapFlavour);
    }

    /** Restore into the existing database {@code name} (null: the target connection's). */
    public MysqlRestoreOptions intoExistingDatabase(String name) {
        return new MysqlRestoreOptions(name, true, stopOnError, parallelLoads, verifyFirst, nativeClient, clean, dryRun, mapFlavour);
    }

    public MysqlRestoreOptions withStopOnError(boolean value) {
        return new MysqlRestoreOptions(database, intoExisting, value, parallelLoads, verifyFirst, nativeClient, clean, dryRun, mapFlavour);
    }

    public MysqlRestoreOptions withParallelLoads(int value) {
        return new MysqlRestoreOptions(database, intoExisting, stopOnError, value, verifyFirst, nativeClient, clean, dryRun, mapFlavour);
    }

    public MysqlRestoreOptions withVerifyFirst(boolean value) {
        return new MysqlRestoreOptions(database, intoExisting, stopOnError, parallelLoads, value, nativeClient, clean, dryRun, mapFlavour);
    }

    public MysqlRestoreOptions withNativeClient(boolean value) {
        return new MysqlRestoreOptions(database, intoExisting, stopOnError, parallelLoads, verifyFirst, value, clean, dryRun, mapFlavour);
    }

    public MysqlRestoreOptions withClean(boolean value) {
        return new MysqlRestoreOptions(database, intoExisting, stopOnError, parallelLoads, verifyFirst, nativeClient, value, dryRun, mapFlavour);
    }

    public MysqlRestoreOptions withDryRun(boolean value) {
        return new MysqlRestoreOptions(database, intoExisting, stopOnError, parallelLoads, verifyFirst, nativeClient, clean, value, mapFlavour);
    }

    public MysqlRestoreOptions withMapFlavour(boolean value) {
        return new MysqlRestoreOptions(database, intoExisting, stopOnError, parallelLoads, verifyFirst, nativeClient, clean,
                dryRun, value);
    }
}
