package dev.railyard.release;

import dev.railyard.backup.BackupState.Verification;
import dev.railyard.backup.CatalogEntry;
import dev.railyard.migrate.MigrateOutcome;

/**
 * How "back up, verify, migrate" ended.
 *
 * @param backup       the backup made first; null when the flow stopped before it existed
 * @param verification its quick check; null when not reached
 * @param outcome      the migration's outcome; null when it did not start
 * @param summary      one or two sentences for people
 * @param restoreFrom  the backup to restore from when the migration failed after it started; null otherwise
 */
public record ReleaseResult(CatalogEntry backup, Verification verification, MigrateOutcome outcome, String summary,
                            CatalogEntry restoreFrom) {

    public boolean succeeded() {
        return restoreFrom == null && verification != null && verification.passed()
                && outcome != null && outcome.succeeded();
    }

    /** True when the backup was checked and the migration was never started. */
    public boolean stoppedBeforeMigrating() {
        return outcome == null;
    }
}
