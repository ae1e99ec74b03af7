package dev.railyard.release;

import dev.railyard.backup.BackupState.Verification;
import dev.railyard.backup.CatalogEntry;

/**
 * How "back up, verify, run the migrator" ended.
 *
 * @param backup         the backup made first (null when the flow stopped before it existed)
 * @param verification   its check (quick, or deep when asked); null when not reached
 * @param exitCode       the migrator's exit code; null when it did not run
 * @param headBefore     the migration head in the backup's snapshot, null when no history table was readable
 * @param headAfter      the head read after the migrator ended, null when unreadable or not run
 * @param summary        one or two sentences for people
 * @param restoreCommand the command that puts the database back from the backup, when the migrator
 *                       failed; null otherwise
 */
public record CommandReleaseResult(CatalogEntry backup, Verification verification, Integer exitCode,
                                   String headBefore, String headAfter, String summary, String restoreCommand) {

    public boolean succeeded() {
        return verification != null && verification.passed() && exitCode != null && exitCode == 0;
    }

    /** True when the migrator ran and failed: the database may be half migrated. */
    public boolean migratorFailed() {
        return exitCode != null && exitCode != 0;
    }
}
